// The mixed family's reference (pe w4a16) against the w4a16 quantization
// scheme it executes: on real stories260K layers, the scheme's own forward
// pass (make_w4a16_scheme(G): its quantizer, its fp16 dequantization, its
// fp32 dot) and the engine's reference on the family's operands (codes,
// fp16 scales and zero points as side tensors) agree bit for bit; and the
// family's operand maker encodes exactly the scheme's quantization.
#include <catch2/catch.hpp>

#include <cstring>

#include "models/engine/engine_config.hpp"
#include "models/engine/family_registry.hpp"
#include "models/families/mixed/mixed_spec.hpp"
#include "models/formats/float_formats.hpp"
#include "models/gemm/gemm_engine.hpp"
#include "models/gemm/gemm_operands.hpp"
#include "models/quant/scheme_w4a16.hpp"

using namespace tpe;

namespace {

std::string desc(int group) {
  return R"({"family":"mixed","pe":"w4a16","rows":2,"cols":2,"group":)" + std::to_string(group) +
         R"(,"a":{"bits":16,"signed":false},"b":{"bits":4,"signed":false},"acc_bits":32})";
}

uint32_t bits_of(float f) {
  uint32_t u;
  std::memcpy(&u, &f, 4);
  return u;
}

}  // namespace

TEST_CASE("mixed w4a16: the engine reference equals the w4a16 scheme's forward on stories260K", "[mixed][models]") {
  register_builtin_families();
  for (int group : {8, 16, 128, 24}) {  // 24 does not divide K = 64
    INFO("group " << group);
    const EngineConfig cfg = parse_engine_config(desc(group), "test");
    const GemmShape shape{6, 64, 10};
    const GemmOperands ops = make_gemm_operands(cfg, shape, 1, "stories260K");
    Matrix<float> a, b;
    stories260k_float_operands(shape, a, b);
    Matrix<float> w(shape.n, shape.k);  // W [N][K] = B^T
    for (int k = 0; k < shape.k; ++k)
      for (int n = 0; n < shape.n; ++n) w(n, k) = b(k, n);
    auto scheme = make_w4a16_scheme(group);
    const Matrix<float> y = scheme->prepare(w)->forward(a, reference_gemm_engine());
    const ResultMatrix c = engine_reference(cfg, ops.a, ops.b);
    REQUIRE(c.rows == y.rows);
    REQUIRE(c.cols == y.cols);
    int nonzero = 0;
    for (size_t i = 0; i < y.data.size(); ++i) {
      CHECK(uint32_t(c.data[i]) == bits_of(y.data[i]));
      nonzero += y.data[i] != 0.f;
    }
    CHECK(nonzero > int(y.data.size()) / 2);  // a real layer, not zeros
  }
}

TEST_CASE("mixed w4a16: side tensors of the wrong shape are refused", "[mixed][models]") {
  OperandMatrix a(1, 9, 0), b(9, 2, 0);
  b.side[mixed::kScaleName] = Matrix<int32_t>(2, 2, 0x3C00);
  b.side[mixed::kZeroName] = Matrix<int32_t>(1, 2, 0);  // K = 9, group 8: two groups
  CHECK_THROWS_WITH(mixed::w4a16_gemm(8, a, b), Catch::Contains("'zero' must be 2 x 2"));
  b.side.erase(mixed::kScaleName);
  CHECK_THROWS_WITH(mixed::w4a16_gemm(8, a, b), Catch::Contains("'scale'"));
}
