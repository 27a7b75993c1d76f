// Quantizer corner cases with hand-computed goldens: group layout with a short
// last group, all-zero groups, a single huge outlier, the most negative code,
// llm-awq's asymmetric formula, scale clamps, and parameter validation. The
// accumulator-width rule is checked against pe_arith.md table 1.2.
#include <catch2/catch.hpp>

#include <cmath>

#include "models/quant/quant_gemm.hpp"
#include "models/quant/quantizers.hpp"
#include "tests/unit/models/quant_test_data.hpp"

using namespace tpe;

namespace {
Matrix<float> row(std::initializer_list<float> v) {
  Matrix<float> m(1, int(v.size()));
  int i = 0;
  for (float x : v) m(0, i++) = x;
  return m;
}
}  // namespace

TEST_CASE("quant groups: the last group is shorter when the size does not divide K", "[quant]") {
  const GroupLayout g = make_group_layout(300, 128);
  CHECK(g.count() == 3);
  CHECK(g.length(0) == 128);
  CHECK(g.length(2) == 44);
  CHECK(g.end(2) == 300);
  CHECK(g.group_of(299) == 2);
  CHECK(make_group_layout(100, 128).count() == 1);
  CHECK(make_group_layout(1, 1).count() == 1);
  CHECK_THROWS_WITH(make_group_layout(64, 0), Catch::Contains("group_size = 0") && Catch::Contains("allowed 1.."));
  CHECK_THROWS_WITH(make_group_layout(0, 8), Catch::Contains("K = 0"));
  // The quantizer honours it: a 5-wide row with group 2 has 3 scales, the last from one value.
  const GroupQuant q = quantize_symmetric_groups(row({1, -2, 3, 4, -5}), 8, 2);
  REQUIRE(q.scale.cols == 3);
  CHECK(q.scale(0, 2) == 5.0f / 127.0f);
  CHECK(q.q(0, 4) == -127);
}

TEST_CASE("quant symmetric: all-zero group, single huge outlier, never the most negative code", "[quant]") {
  // Group 0 all zero -> scale 0 and codes 0 (exact zeros back); group 1 has an outlier.
  const GroupQuant q = quantize_symmetric_groups(row({0, 0, 0, 0, 1000, 1, -1, 3.9375f}), 8, 4);
  CHECK(q.scale(0, 0) == 0.0f);
  for (int k = 0; k < 4; ++k) {
    CHECK(q.q(0, k) == 0);
    CHECK(q.dequant(0, k) == 0.0f);
  }
  CHECK(q.scale(0, 1) == 1000.0f / 127.0f);
  CHECK(q.q(0, 4) == 127);
  CHECK(q.q(0, 5) == 0);  // 1 / 7.874 = 0.127 -> 0: the outlier wipes out its group
  CHECK(q.q(0, 6) == 0);
  CHECK(q.q(0, 7) == 1);  // 3.9375 / 7.874 = 0.50006: just above the tie, rounds up
  // The same decision from a double oracle of the fp32 division.
  CHECK(q.q(0, 7) == int(std::nearbyint(double(3.9375f / (1000.0f / 127.0f)))));
  // Codes stay within [-(2^(b-1)-1), 2^(b-1)-1] for every width, even at -absmax.
  for (int bits = 2; bits <= 8; ++bits) {
    const GroupQuant r = quantize_symmetric_groups(row({-7.5f, 7.5f, -3, 1, -7.5f}), bits, 5);
    const int qmax = (1 << (bits - 1)) - 1;
    CHECK(r.q(0, 0) == -qmax);
    CHECK(r.q(0, 1) == qmax);
    for (int v : r.q.data) CHECK(v >= -qmax);
  }
  // Ties round to even: 2.5 units -> 2, 3.5 -> 4 (scale 1 via absmax 127).
  const GroupQuant t = quantize_symmetric_groups(row({127, 2.5f, 3.5f, -2.5f}), 8, 4);
  CHECK(t.q(0, 1) == 2);
  CHECK(t.q(0, 2) == 4);
  CHECK(t.q(0, 3) == -2);
}

TEST_CASE("quant asymmetric: llm-awq formula on hand-computed groups", "[quant]") {
  // [-1, 0, 0.5, 2], 2 bits: s = 3/3 = 1, z = -rne(-1) = 1, q = rne(w)+1 = [0, 1, 1, 3] (0.5 ties to 0).
  GroupQuant q = quantize_asymmetric_groups(row({-1, 0, 0.5f, 2}), 2, 4);
  CHECK(q.scale(0, 0) == 1.0f);
  CHECK(q.zero(0, 0) == 1);
  CHECK(q.q.data == std::vector<int32_t>{0, 1, 1, 3});
  CHECK(q.dequant(0, 3) == 2.0f);
  CHECK(q.fmt == IntFormat{2, false});
  // All positive: z = clamp(-rne(1), 0, 3) = 0, so the top value clips: [1, 2, 3, 3].
  q = quantize_asymmetric_groups(row({1, 2, 3, 4}), 2, 4);
  CHECK(q.zero(0, 0) == 0);
  CHECK(q.q.data == std::vector<int32_t>{1, 2, 3, 3});
  // All zero: s = 1e-5/15 (the clamp), z = 0, q = 0.
  q = quantize_asymmetric_groups(row({0, 0, 0}), 4, 3);
  CHECK(q.scale(0, 0) == 1e-5f / 15.0f);
  CHECK(q.zero(0, 0) == 0);
  CHECK(q.q.data == std::vector<int32_t>{0, 0, 0});
}

TEST_CASE("quant per-token helper and scale clamps", "[quant]") {
  Matrix<float> x(2, 3, 0.0f);
  x(0, 0) = 254;
  x(0, 1) = -1;
  const GroupQuant a = quantize_per_token(x, 8);
  CHECK(a.scale(0, 0) == 2.0f);
  CHECK(a.q(0, 0) == 127);
  CHECK(a.q(0, 1) == 0);  // -0.5 ties to 0
  CHECK(a.scale(1, 0) == 0.0f);
  const GroupQuant c = quantize_per_token(x, 6, 2, SymmetricOptions{1e-5f, 1e4f});
  CHECK(c.scale(1, 0) == 1e-5f);  // FlexQ clamp replaces the zero scale
  CHECK(c.scale.cols == 2);
  CHECK_THROWS_WITH(quantize_per_token(x, 8, -1), Catch::Contains("group_size = -1"));
  CHECK_THROWS_WITH(quantize_symmetric_groups(x, 1, 2), Catch::Contains("bits = 1") && Catch::Contains("2..16"));
  CHECK_THROWS_WITH(quantize_asymmetric_groups(x, 17, 2), Catch::Contains("bits = 17"));
  CHECK_THROWS_WITH(quantize_symmetric_groups(x, 8, 0), Catch::Contains("group_size = 0"));
  x(1, 1) = NAN;
  CHECK_THROWS_WITH(quantize_per_token(x, 8), Catch::Contains("not finite"));
}

TEST_CASE("quant accumulator width rule matches pe_arith table 1.2", "[quant]") {
  const IntFormat i8{8, true}, i6{6, true}, i4{4, true}, i2{2, true}, i16{16, true};
  CHECK(required_acc_bits(i8, i8, 128) == 23);
  CHECK(required_acc_bits(i8, i8, 4096) == 28);
  CHECK(required_acc_bits(i8, i8, 11008) == 29);
  CHECK(required_acc_bits(i8, i8, 28672) == 30);
  CHECK(required_acc_bits(i6, i8, 14336) == 27);
  CHECK(required_acc_bits(i6, i6, 128) == 19);
  CHECK(required_acc_bits(i4, i8, 128) == 19);
  CHECK(required_acc_bits(i4, i4, 4096) == 20);
  CHECK(required_acc_bits(i2, i8, 28672) == 24);
  CHECK(required_acc_bits(i8, i16, 28672) == 38);
  // A dot that would need more than 32 bits is refused, naming the widths.
  tpe_test::RecordingEngine eng;
  OperandMatrix a(1, 4096, 0), w(1, 4096, 0);
  CHECK_THROWS_WITH(group_gemm(eng, a, i16, w, i16, make_group_layout(4096, 4096), false),
                    Catch::Contains("i16 x i16") && Catch::Contains("44-bit"));
  CHECK(eng.calls.empty());
}
