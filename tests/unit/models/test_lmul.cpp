// L-Mul reference (models/formats/lmul.hpp) against an independent oracle:
// the paper's formula evaluated in double from the decoded operand values,
// with the integer adder's carry written as the formula's correction
// (pe_arith.md 4.2: c = floor(xm + ym + 2^-l) carries, value (1+s-c) 2^(e+c)),
// and the policy for specials written out case by case. Every fp8 pair
// (e4m3, e5m2) and every e4m4 pair is checked; bf16 and fp32 heavily at
// random, plus the paper's PTX integer constants for fp32 and bf16.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstring>
#include <limits>
#include <random>

#include "models/formats/float_formats.hpp"
#include "models/formats/lmul.hpp"

using namespace tpe;

namespace {

// l(m) and the offset in mantissa LSBs, from pe_arith.md's per-format table.
int table_l(int m) {
  switch (m) {
    case 2: return 2;   // e5m2
    case 3: return 3;   // e4m3
    case 4: return 3;   // e4m4
    case 7: return 4;   // bf16
    case 10: return 4;  // fp16
    case 23: return 4;  // fp32
  }
  FAIL("no table entry for m = " << m);
  return 0;
}

double value_of(const FloatFormat& f, uint32_t bits) {
  if (f.total_bits() == 32) {
    float x;
    std::memcpy(&x, &bits, 4);
    return x;
  }
  return decode(f, bits);
}

// The oracle: NaN for NaN results, otherwise the exact double value.
double oracle(const FloatFormat& f, uint32_t a, uint32_t b) {
  const double nan = std::numeric_limits<double>::quiet_NaN(), inf = std::numeric_limits<double>::infinity();
  const double x = value_of(f, a), y = value_of(f, b);
  const bool neg = std::signbit(x) != std::signbit(y);
  if (std::isnan(x) || std::isnan(y)) return nan;
  const bool x_tiny = std::fabs(x) < f.min_normal(), y_tiny = std::fabs(y) < f.min_normal();
  if (std::isinf(x) || std::isinf(y)) return (x_tiny || y_tiny) ? nan : (neg ? -inf : inf);
  if (x_tiny || y_tiny) return neg ? -0.0 : 0.0;
  int ex, ey;
  const double fx = 2 * std::frexp(std::fabs(x), &ex) - 1, fy = 2 * std::frexp(std::fabs(y), &ey) - 1;
  ex -= 1;
  ey -= 1;
  const double s = fx + fy + std::ldexp(1.0, -table_l(f.man_bits));
  const double c = std::floor(s);  // 0, 1 or 2 carries out of the mantissa field
  double v = std::ldexp(1 + s - c, ex + ey + int(c));
  if (v >= std::ldexp(1.0, 128)) v = inf;          // above fp32's largest binade
  else if (v < std::ldexp(1.0, -126)) v = 0.0;     // below fp32's normals: flushed
  return neg ? -v : v;
}

// Plain comparisons in the hot loop (millions of pairs); Catch reports only a mismatch.
bool matches(const FloatFormat& f, uint32_t a, uint32_t b) {
  const double want = oracle(f, a, b);
  const uint32_t got_bits = lmul_bits(f, a, b);
  const double got = fp32_from_bits(got_bits);
  if (std::isnan(want)) return got_bits == 0x7FC00000u;
  return got == want && std::signbit(got) == std::signbit(want);
}

void check_pair(const FloatFormat& f, uint32_t a, uint32_t b) {
  if (matches(f, a, b)) return;
  FAIL(f.name << " a=0x" << std::hex << a << " b=0x" << b << " got bits 0x" << lmul_bits(f, a, b) << std::dec
              << " (" << lmul_value(f, a, b) << "), oracle " << oracle(f, a, b));
}

void exhaustive(const FloatFormat& f) {
  const uint32_t n = uint32_t(1) << f.total_bits();
  for (uint32_t a = 0; a < n; ++a)
    for (uint32_t b = 0; b < n; ++b) check_pair(f, a, b);
}

}  // namespace

TEST_CASE("lmul l(m) and offsets match pe_arith.md's table", "[lmul]") {
  const int m[] = {2, 3, 4, 7, 10, 23};
  const uint32_t off[] = {1, 1, 2, 8, 64, 0x80000};
  for (int i = 0; i < 6; ++i) {
    CHECK(lmul_l(m[i]) == table_l(m[i]));
    CHECK(lmul_offset_lsbs(m[i]) == off[i]);
  }
}

TEST_CASE("lmul e4m3: every pair of patterns equals the oracle", "[lmul]") { exhaustive(fp8_e4m3_format()); }
TEST_CASE("lmul e5m2: every pair of patterns equals the oracle", "[lmul]") { exhaustive(fp8_e5m2_format()); }
TEST_CASE("lmul e4m4: every pair of patterns equals the oracle (double carries included)", "[lmul]") {
  exhaustive(fp8_e4m4_format());
  // The double carry really occurs for m = 4: 1.9375 x 1.9375 has s = 15/16 + 15/16 + 1/8 = 2.
  const uint32_t a = (7u << 4) | 15u;  // 1.9375
  CHECK(fp32_from_bits(lmul_bits(fp8_e4m4_format(), a, a)) == 4.0f);
}

TEST_CASE("lmul fp32: random pairs equal the oracle and the paper's PTX constant 0x3F780000", "[lmul]") {
  const FloatFormat& f = lmul_fp32_format();
  std::mt19937 rng(20241001);
  int ptx_checked = 0;
  for (int i = 0; i < 2000000; ++i) {
    uint32_t a = rng(), b = rng();
    if (i % 4 == 0) {  // exponents near 127 so the products stay in range (the PTX path below)
      a = (a & 0x807FFFFFu) | ((100u + rng() % 55) << 23);
      b = (b & 0x807FFFFFu) | ((100u + rng() % 55) << 23);
    }
    check_pair(f, a, b);
    const uint32_t ea = (a >> 23) & 255, eb = (b >> 23) & 255;
    const int64_t r = int64_t(a & 0x7FFFFFFFu) + int64_t(b & 0x7FFFFFFFu) - 0x3F780000;
    if (ea && eb && ea < 255 && eb < 255 && r > 0x7FFFFF && r < 0x7F800000) {
      ++ptx_checked;
      REQUIRE(lmul_bits(f, a, b) == (uint32_t(r) | ((a ^ b) & 0x80000000u)));
    }
  }
  CHECK(ptx_checked > 400000);
}

TEST_CASE("lmul bf16: random pairs and all exponent extremes equal the oracle and the PTX constant 0x3F78", "[lmul]") {
  const FloatFormat& f = bf16_format();
  std::mt19937 rng(7);
  int ptx_checked = 0;
  for (int i = 0; i < 2000000; ++i) {
    const uint32_t a = rng() & 0xFFFF, b = rng() & 0xFFFF;
    check_pair(f, a, b);
    const int32_t r = int32_t(a & 0x7FFF) + int32_t(b & 0x7FFF) - 0x3F78;
    const uint32_t ea = (a >> 7) & 255, eb = (b >> 7) & 255;
    if (ea && eb && ea < 255 && eb < 255 && r > 0x7F && r < 0x7F80) {
      ++ptx_checked;
      REQUIRE(lmul_bits(f, a, b) == ((uint32_t(r) | ((a ^ b) & 0x8000u)) << 16));
    }
  }
  CHECK(ptx_checked > 400000);
  // Every pair of (sign, exponent) with the extreme mantissas 0 and 127.
  for (uint32_t ea = 0; ea < 512; ++ea)
    for (uint32_t eb = 0; eb < 512; ++eb)
      for (uint32_t ma : {0u, 1u, 127u})
        for (uint32_t mb : {0u, 120u, 127u}) check_pair(f, (ea << 7) | ma, (eb << 7) | mb);
}

TEST_CASE("lmul policy: zeros, subnormals, infinities, NaN, overflow and underflow", "[lmul]") {
  const FloatFormat& bf = bf16_format();
  const uint32_t one = 0x3F80, neg_two = 0xC000, inf = 0x7F80, nan = 0x7FC1, sub = 0x0001, zero = 0x0000;
  CHECK(lmul_bits(bf, one, one) == 0x3F880000u);  // (1 + 0 + 0 + 2^-4) = 1.0625
  CHECK(lmul_bits(bf, one, neg_two) == 0xC0080000u);
  CHECK(lmul_bits(bf, zero, neg_two) == 0x80000000u);  // -0
  CHECK(lmul_bits(bf, sub, one) == 0u);               // subnormal flushes
  CHECK(lmul_bits(bf, inf, neg_two) == 0xFF800000u);  // -Inf
  CHECK(lmul_bits(bf, inf, zero) == 0x7FC00000u);
  CHECK(lmul_bits(bf, inf, sub) == 0x7FC00000u);
  CHECK(lmul_bits(bf, nan, one) == 0x7FC00000u);
  CHECK(lmul_bits(bf, 0x7F00, 0x7F00) == 0x7F800000u);  // 2^127 * 2^127 overflows to Inf
  CHECK(lmul_bits(bf, 0x0100, 0x8100) == 0x80000000u);  // 2^-125 * -2^-125 underflows to -0
  const FloatFormat& e4 = fp8_e4m3_format();
  CHECK(lmul_bits(e4, 0x7F, 0x38) == 0x7FC00000u);  // S.1111.111 is NaN
  CHECK(fp32_from_bits(lmul_bits(e4, 0x7E, 0x7E)) == std::ldexp(1.625f, 17));  // 1.75*2^8 squared: s = 1.625, one carry
  CHECK_THROWS_WITH(lmul_bits(e4, 0x100, 0x38), Catch::Contains("e4m3") && Catch::Contains("0x100"));
}
