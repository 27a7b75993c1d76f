// The floating-point operand schemes (models/quant/scheme_float_mul.hpp)
// against sums written out here: bf16 rounding by the float bit trick, the
// L-Mul product from the paper's formula with the carry correction in double,
// fp32 accumulation over k ascending, power-of-two scales picked by hand.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstring>

#include "models/formats/float_formats.hpp"
#include "models/quant/quant_scheme.hpp"
#include "models/quant/scheme_float_mul.hpp"
#include "tests/unit/models/quant_test_data.hpp"

using namespace tpe;

namespace {
float bf16_rne(float x) {  // finite inputs only
  uint32_t u;
  std::memcpy(&u, &x, 4);
  u = (u + 0x7FFFu + ((u >> 16) & 1u)) & 0xFFFF0000u;
  std::memcpy(&x, &u, 4);
  return x;
}
// L-Mul of two normal values with m mantissa bits and offset 2^-l, by the
// formula with c = floor(s) carries (the integer-add semantics); 0 if either is 0.
float lmul_formula(float x, float y, int l) {
  if (x == 0 || y == 0) return 0.f;
  int ex, ey;
  const double fx = 2 * std::frexp(std::fabs(x), &ex) - 1, fy = 2 * std::frexp(std::fabs(y), &ey) - 1;
  const double s = fx + fy + std::ldexp(1.0, -l), c = std::floor(s);
  const double v = std::ldexp(1 + s - c, ex - 1 + ey - 1 + int(c));
  return float((x < 0) != (y < 0) ? -v : v);
}
}  // namespace

TEST_CASE("quant float schemes: registered, named in the registry", "[quant][lmul]") {
  for (const char* n : {"bf16", "fp8-e4m3", "fp8-e5m2", "lmul-fp32", "lmul-bf16", "lmul-fp8", "lmul-e5m2", "lmul-e4m4"})
    CHECK_NOTHROW(find_scheme(n));
  CHECK_THROWS_WITH(make_float_mul_scheme({"x", nullptr, true}), Catch::Contains("format = null"));
}

TEST_CASE("quant lmul-bf16 and bf16 equal sums written out by hand", "[quant][lmul]") {
  const Matrix<float> x = tpe_test::gaussian(3, 37, 5), w = tpe_test::gaussian(4, 37, 6);
  const Matrix<float> y_l = find_scheme("lmul-bf16").prepare(w)->forward(x, reference_gemm_engine());
  const Matrix<float> y_e = find_scheme("bf16").prepare(w)->forward(x, reference_gemm_engine());
  for (int m = 0; m < 3; ++m)
    for (int n = 0; n < 4; ++n) {
      float acc_l = 0.f, acc_e = 0.f;
      for (int k = 0; k < 37; ++k) {
        acc_l += lmul_formula(bf16_rne(x(m, k)), bf16_rne(w(n, k)), 4);
        acc_e += bf16_rne(x(m, k)) * bf16_rne(w(n, k));
      }
      CHECK(y_l(m, n) == acc_l);
      CHECK(y_e(m, n) == acc_e);
    }
}

TEST_CASE("quant lmul-fp8: power-of-two scales, e4m3 operands, L-Mul products", "[quant][lmul]") {
  // Weights with amax 3.5 need no scale (<= 448, smallest 2^e is 2^-7: 3.5*128 = 448);
  // activations with amax 1000 get 2^2 = 4 (1000/4 = 250 <= 448 < 1000/2).
  Matrix<float> w(1, 3), x(1, 3);
  w.data = {3.5f, -0.75f, 1.25f};
  x.data = {1000.f, 2.0f, -12.0f};
  const float y = find_scheme("lmul-fp8").prepare(w)->forward(x, reference_gemm_engine())(0, 0);
  // Operands after scaling: w * 128 = {448, -96, 160}, x / 4 = {250 -> 256 (e4m3 RNE: 240, 256), 0.5, -3}.
  const float ws[] = {448.f, -96.f, 160.f}, xs[] = {256.f, 0.5f, -3.f};
  float acc = 0.f;
  for (int k = 0; k < 3; ++k) acc += lmul_formula(xs[k], ws[k], 3);
  CHECK(y == acc * (4.0f / 128.0f));
}
