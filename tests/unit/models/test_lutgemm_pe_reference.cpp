// The LUT-GEMM PE's arithmetic (models/families/lutgemm/lutgemm_arith)
// against the lutgemm-bcq scheme (models/quant/scheme_lutgemm, its own code):
// on stories260K's real activations and FFN weights, quantized by the
// scheme's own quantizer, the engine's fp16 bit patterns equal the scheme's
// fp16 outputs bit for bit (full groups, a short last group, K not a multiple
// of 8); a GEMM worked out by hand; refusals of missing or misshapen side tensors.
#include <catch2/catch.hpp>

#include "models/families/lutgemm/lutgemm_arith.hpp"
#include "models/formats/float_formats.hpp"
#include "models/gemm/gemm_engine.hpp"
#include "models/gemm/gemm_operands.hpp"
#include "models/quant/quantizers.hpp"
#include "models/quant/scheme_lutgemm.hpp"

using namespace tpe;

namespace {

uint32_t fp16_bits(double v) { return encode(fp16_format(), v); }

// Engine vs scheme on a stories260K slice; returns how many outputs are nonzero.
int engine_vs_scheme(const GemmShape& s, int bits, int group_size) {
  Matrix<float> x, bf;
  stories260k_float_operands(s, x, bf);
  Matrix<float> w(s.n, s.k);
  for (int k = 0; k < s.k; ++k)
    for (int n = 0; n < s.n; ++n) w(n, k) = bf(k, n);
  const lutgemm::Arith ar{bits, group_size};
  const OperandMatrix b =
      lutgemm::operands_from_lutgemm(ar, lutgemm_from_uniform(quantize_asymmetric_groups(w, bits, group_size)));
  const ResultMatrix c = lutgemm::lutgemm_gemm(ar, lutgemm::fp16_activations(x), b);
  const Matrix<float> y = make_lutgemm_scheme(bits, group_size)->prepare(w)->forward(x, reference_gemm_engine());
  int nonzero = 0;
  for (int m = 0; m < s.m; ++m)
    for (int n = 0; n < s.n; ++n) {
      INFO("m " << m << " n " << n << " scheme " << y(m, n));
      REQUIRE(uint32_t(c(m, n)) == fp16_bits(y(m, n)));
      nonzero += y(m, n) != 0.0f;
    }
  return nonzero;
}

}  // namespace

TEST_CASE("lutgemm PE reference: bit-exact with lutgemm-bcq on stories260K", "[lutgemm][reference]") {
  // Two full groups of 128 and a short one of 32.
  CHECK(engine_vs_scheme({4, 288, 24}, 4, 128) > 4 * 24 / 2);
  // K = 37: a group of 32 and one of 5, the last table half padded with zeros; 3 planes.
  CHECK(engine_vs_scheme({3, 37, 17}, 3, 32) > 3 * 17 / 2);
}

TEST_CASE("lutgemm PE reference: a GEMM worked out by hand", "[lutgemm][reference]") {
  // K = 10 (group 8: groups of 8 and 2), N = 1, one plane.
  // x = 1, 2, 0.5, 0, 0, 0, 0, 0 | 4, -1; plane bits of w: 1,0,1,0,0,0,0,0 | 0,1.
  const lutgemm::Arith ar{1, 8};
  const double xs[10] = {1, 2, 0.5, 0, 0, 0, 0, 0, 4, -1};
  OperandMatrix a(1, 10, 0), b(10, 1, 0);
  for (int k = 0; k < 10; ++k) a(0, k) = int32_t(fp16_bits(xs[k]));
  b(0, 0) = 1, b(2, 0) = 1, b(9, 0) = 1;
  Matrix<int32_t> alpha(2, 1, 0), bias(2, 1, 0);
  alpha(0, 0) = int32_t(fp16_bits(0.5)), alpha(1, 0) = int32_t(fp16_bits(0.25));
  bias(0, 0) = int32_t(fp16_bits(2.0)), bias(1, 0) = int32_t(fp16_bits(-1.0));
  b.side["alpha"] = alpha;
  b.side["q_bias"] = bias;
  // Group 0: t = +1 - 2 + 0.5 = -0.5, sum x = 3.5: y = 0.5 * -0.5 + 2 * 3.5 = 6.75.
  // Group 1: t = -4 + -1 = -5, sum x = 3: y = 6.75 + 0.25 * -5 + -1 * 3 = 2.5.
  const ResultMatrix c = lutgemm::lutgemm_gemm(ar, a, b);
  CHECK(uint32_t(c(0, 0)) == fp16_bits(2.5));
}

TEST_CASE("lutgemm PE reference: refuses missing or misshapen side tensors", "[lutgemm][reference]") {
  const lutgemm::Arith ar{2, 8};
  OperandMatrix a(1, 9, 0), b(9, 3, 0);
  CHECK_THROWS_WITH(lutgemm::lutgemm_gemm(ar, a, b), Catch::Contains("no side tensor 'alpha'"));
  b.side["alpha"] = Matrix<int32_t>(4, 3, 0);  // 2 groups x 2 planes: right
  CHECK_THROWS_WITH(lutgemm::lutgemm_gemm(ar, a, b), Catch::Contains("no side tensor 'q_bias'"));
  b.side["q_bias"] = Matrix<int32_t>(1, 3, 0);  // needs 2 x 3
  CHECK_THROWS_WITH(lutgemm::lutgemm_gemm(ar, a, b), Catch::Contains("'q_bias' is 1 x 3; a 9 x 3 B needs 2 x 3"));
}
