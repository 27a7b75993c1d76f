// The bit-level RNE adder (models/formats/fp_add.hpp) against independent
// oracles: every pair of patterns of three small IEEE formats against the
// exact double sum rounded once by the format codec, and millions of fp32
// pairs (cancellation, subnormals, overflow) against the C++ float addition.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstring>
#include <random>

#include "models/formats/float_formats.hpp"
#include "models/formats/fp_add.hpp"
#include "models/formats/lmul.hpp"

using namespace tpe;

namespace {
void exhaustive(const FloatFormat& f) {
  const uint32_t n = uint32_t(1) << f.total_bits();
  for (uint32_t a = 0; a < n; ++a)
    for (uint32_t b = 0; b < n; ++b) {
      // Values of these formats are small multiples of a power of two: the double sum is exact.
      const double s = decode(f, a) + decode(f, b);
      const uint32_t want = std::isnan(s) ? f.canonical_nan_bits() : encode(f, s, Overflow::Infinity);
      const uint32_t got = fp_add_bits(f, a, b);
      if (got != want) FAIL(f.name << " a=0x" << std::hex << a << " b=0x" << b << " got 0x" << got << " want 0x" << want);
    }
}
}  // namespace

TEST_CASE("fp_add: every pair of e5m2, IEEE e4m3 and e5m4 patterns equals the rounded exact sum", "[fmt][lmul]") {
  exhaustive(fp8_e5m2_format());
  exhaustive(FloatFormat{"e4m3-ieee", 4, 3, 7, true, Overflow::Infinity});
  exhaustive(FloatFormat{"e5m4", 5, 4, 15, true, Overflow::Infinity});  // 2^20 pairs
}

TEST_CASE("fp_add fp32: random pairs equal C++ float addition", "[fmt][lmul]") {
  const FloatFormat& f = lmul_fp32_format();
  std::mt19937 rng(99);
  for (int i = 0; i < 4000000; ++i) {
    uint32_t a = rng(), b = rng();
    switch (i % 4) {
      case 0: b = (b & 0x807FFFFFu) | (a & 0x7F800000u); break;                       // equal exponents: cancellation
      case 1: b = (b & 0x807FFFFFu) | (((a >> 23 & 255) + rng() % 30) % 256) << 23; break;  // near exponents
      case 2: a &= 0x80FFFFFFu; b &= 0x80FFFFFFu; break;                              // subnormals and tiny normals
      default: break;
    }
    volatile float x = fp32_from_bits(a), y = fp32_from_bits(b);
    const float s = x + y;
    const uint32_t got = fp_add_bits(f, a, b);
    const uint32_t want = std::isnan(s) ? 0x7FC00000u : fp32_to_bits(s);
    if (got != want) FAIL(std::hex << "a=0x" << a << " b=0x" << b << " got 0x" << got << " want 0x" << want);
  }
  CHECK_THROWS_WITH(fp_add_bits(fp8_e4m3_format(), 1, 2), Catch::Contains("e4m3"));
}
