// Scheme-level properties every registered scheme must have: it is listed,
// described, deterministic, handles odd shapes and all-zero data, rejects bad
// input with a message, and takes its integer results from the engine it is
// given (a poisoned engine changes the output of every integer scheme).
#include <catch2/catch.hpp>

#include <cmath>
#include <set>

#include "models/quant/quant_scheme.hpp"
#include "models/quant/scheme_bcq_shiftadd.hpp"
#include "models/quant/scheme_comet.hpp"
#include "models/quant/scheme_group_int.hpp"
#include "models/quant/scheme_llmint8.hpp"
#include "models/quant/scheme_lutgemm.hpp"
#include "models/quant/scheme_rtn.hpp"
#include "models/quant/scheme_tmac.hpp"
#include "models/quant/scheme_w4a16.hpp"
#include "tests/unit/models/quant_test_data.hpp"

using namespace tpe;

namespace {
// Answers every GEMM with a constant, so any output that depends on the
// engine's result changes.
class ConstantEngine final : public IntGemmEngine {
 public:
  int64_t value = 0;
  int calls = 0;
  ResultMatrix gemm(const OperandMatrix& a, const OperandMatrix& b, const IntFormat&, const IntFormat&, int) override {
    ++calls;
    return ResultMatrix(a.rows, b.cols, value);
  }
  const char* name() const override { return "constant"; }
};

const char* kIntegerSchemes[] = {"w8a8", "w8a8-llmint8", "w4a8", "w4a8-asym", "w4a4-comet", "w6a6", "w6a8", "ternary"};
}  // namespace

TEST_CASE("quant registry: the issue's schemes are registered once, each with a description", "[quant]") {
  const char* required[] = {"fp32", "rtn-w8-tensor", "rtn-w8-channel", "rtn-w4-g128", "rtn-w4-g128-asym",
                            "rtn-w4-g32", "rtn-w4-g64", "rtn-w4-g32-asym", "rtn-w4-g64-asym", "w8a8", "w4a16",
                            "w8a8-llmint8", "w4a8", "w4a4-comet", "w6a6", "w6a8", "ternary", "bcq-shiftadd",
                            "lutgemm-bcq", "tmac-w4"};
  for (const char* n : required) CHECK_NOTHROW(find_scheme(n));
  std::set<std::string> names;
  for (const auto& s : all_schemes()) {
    CHECK(names.insert(s->name()).second);
    CHECK(s->describe().size() > 40);
  }
  CHECK(all_schemes().front()->name() == "fp32");
  CHECK_THROWS_WITH(find_scheme("w3a3"), Catch::Contains("w3a3") && Catch::Contains("tmac-w4"));
}

TEST_CASE("quant every scheme: odd shapes, determinism, zeros in -> zeros out, bad input throws", "[quant]") {
  const int shapes[][3] = {{1, 1, 1}, {2, 37, 3}, {3, 129, 17}, {1, 300, 2}};
  for (const auto& s : all_schemes()) {
    // fp32 belongs to the base layer and has no input checks yet (see the report).
    if (s->name() == "fp32") continue;
    INFO(s->name());
    for (auto& sh : shapes) {
      INFO(sh[0] << "x" << sh[1] << "x" << sh[2]);
      const Matrix<float> x = tpe_test::gaussian(sh[0], sh[1], 31 + sh[1], {0}, 10.0f);
      const Matrix<float> w = tpe_test::gaussian(sh[2], sh[1], 32 + sh[1]);
      auto p = s->prepare(w);
      const Matrix<float> y1 = p->forward(x, reference_gemm_engine());
      const Matrix<float> y2 = s->prepare(w)->forward(x, reference_gemm_engine());
      REQUIRE(y1.rows == sh[0]);
      REQUIRE(y1.cols == sh[2]);
      REQUIRE(y1 == y2);
      for (float v : y1.data) REQUIRE(std::isfinite(v));
      // All-zero activations and all-zero weights give exact zeros.
      const Matrix<float> zx(sh[0], sh[1], 0.0f), zw(sh[2], sh[1], 0.0f);
      for (float v : p->forward(zx, reference_gemm_engine()).data) REQUIRE(v == 0.0f);
      // Exception: LUT-GEMM stores alpha and q_bias in fp16, so an all-zero group
      // (llm-awq scale 1e-5/15) reconstructs as -sum(alpha16) + fp16(sum alpha): tiny, not 0.
      const bool fp16_bcq = s->name().rfind("lutgemm", 0) == 0;
      for (float v : s->prepare(zw)->forward(x, reference_gemm_engine()).data)
        REQUIRE((fp16_bcq ? std::fabs(v) <= 1e-6f * float(sh[1]) * 40.0f : v == 0.0f));
      // Wrong K, non-finite input.
      CHECK_THROWS_WITH(p->forward(Matrix<float>(1, sh[1] + 1, 0.0f), reference_gemm_engine()),
                        Catch::Contains(s->name()) && Catch::Contains("K = " + std::to_string(sh[1])));
    }
    Matrix<float> bad(1, 4, 0.0f);
    bad(0, 2) = INFINITY;
    CHECK_THROWS_WITH(s->prepare(bad), Catch::Contains("not finite"));
    CHECK_THROWS_WITH(s->prepare(Matrix<float>(2, 4, 0.0f))->forward(bad, reference_gemm_engine()),
                      Catch::Contains("not finite"));
  }
}

TEST_CASE("quant integer schemes take their integer sums from the engine passed to forward", "[quant]") {
  const Matrix<float> x = tpe_test::gaussian(2, 200, 77, {3}, 10.0f);
  const Matrix<float> w = tpe_test::gaussian(5, 200, 78);
  for (const char* name : kIntegerSchemes) {
    INFO(name);
    auto p = find_scheme(name).prepare(w);
    ConstantEngine zero;
    const Matrix<float> y = p->forward(x, zero);
    CHECK(zero.calls > 0);
    CHECK(y != p->forward(x, reference_gemm_engine()));
  }
  // Weight-only / table schemes make no integer GEMM at all.
  for (const char* name : {"fp32", "rtn-w4-g128", "w4a16", "bcq-shiftadd", "lutgemm-bcq", "tmac-w4"}) {
    ConstantEngine e;
    find_scheme(name).prepare(w)->forward(x, e);
    CHECK(e.calls == 0);
  }
}

TEST_CASE("quant scheme factories reject bad parameters, naming field, value and range", "[quant]") {
  CHECK_THROWS_WITH(make_rtn_scheme({1, RtnGranularity::Channel, 0, false}), Catch::Contains("rtn bits = 1") && Catch::Contains("2..16"));
  CHECK_THROWS_WITH(make_rtn_scheme({4, RtnGranularity::Group, 0, false}), Catch::Contains("group_size = 0"));
  CHECK_THROWS_WITH(make_rtn_scheme({4, RtnGranularity::Tensor, 0, true}), Catch::Contains("asymmetric"));
  CHECK_THROWS_WITH(make_w4a16_scheme(0), Catch::Contains("group_size = 0"));
  CHECK_THROWS_WITH(make_comet_scheme(-1), Catch::Contains("int8_blocks = -1"));
  CHECK_THROWS_WITH(make_comet_scheme(1, 0), Catch::Contains("block_size = 0"));
  CHECK_THROWS_WITH(make_lutgemm_scheme(4, 12), Catch::Contains("group_size = 12") && Catch::Contains("multiple of 8"));
  CHECK_THROWS_WITH(make_lutgemm_scheme(9, 128), Catch::Contains("bits = 9"));
  CHECK_THROWS_WITH(make_tmac_scheme(5, 128), Catch::Contains("tmac bits = 5") && Catch::Contains("2..4"));
  CHECK_THROWS_WITH(make_tmac_scheme(4, 96), Catch::Contains("group_size = 96"));
  CHECK_THROWS_WITH(make_llmint8_scheme(0.0f), Catch::Contains("threshold = 0"));
  CHECK_THROWS_WITH(make_bcq_shiftadd_scheme(0, 3), Catch::Contains("bcq bits = 0") && Catch::Contains("1..8"));
  CHECK_THROWS_WITH(make_bcq_shiftadd_scheme(3, 5), Catch::Contains("terms = 5"));
  CHECK_THROWS_WITH(make_flexq_scheme(7), Catch::Contains("abits = 7"));
  GroupIntConfig c;
  c.name = "x";
  c.agroup = 64;
  CHECK_THROWS_WITH(make_group_int_scheme(c), Catch::Contains("agroup = 64") && Catch::Contains("wgroup = 128"));
  c.agroup = 0;
  c.wbits = 9;
  CHECK_THROWS_WITH(make_group_int_scheme(c), Catch::Contains("wbits = 9") && Catch::Contains("2..8"));
  c.wbits = 4;
  c.wgroup = 0;
  CHECK_THROWS_WITH(make_group_int_scheme(c), Catch::Contains("wgroup = 0"));
  // Non-default group sizes of the helpers are all available (32/64/128).
  for (int g : {32, 64, 128}) {
    CHECK(make_rtn_scheme({4, RtnGranularity::Group, g, true})->name() == "rtn-w4-g" + std::to_string(g) + "-asym");
    CHECK_NOTHROW(make_lutgemm_scheme(4, g));
    CHECK_NOTHROW(make_tmac_scheme(4, g));
  }
}
