// The w4a16 datapath's fp16 units in IR (rtlgen/families/mixed) against the
// reference arithmetic, evaluated in C++ by rtlgen/ir/evaluate: the exact
// fp16 x fp16 -> fp32 multiplier against C++ float multiplication, the
// fp16 -> fp32 widening on every pattern, the
// fp32 -> fp16 rounding against models/formats' encoder, and the column
// dequantizer's chain of units (as mixed_gen wires them) against the w4a16
// scheme's fp16 fma on every (q, z) with scales from every fp16 region.
// NaN results compare as NaN (the RTL's NaN is canonical, C++'s is not).
#include <catch2/catch.hpp>

#include <cmath>
#include <cstring>
#include <random>

#include <fmt/format.h>

#include "models/formats/float_formats.hpp"
#include "models/formats/lmul.hpp"
#include "models/quant/scheme_w4a16.hpp"
#include "rtlgen/families/lmul/lmul_units_gen.hpp"
#include "rtlgen/families/mixed/fp16_units_gen.hpp"
#include "rtlgen/ir/check.hpp"
#include "rtlgen/ir/evaluate.hpp"

using namespace tpe;
using namespace tpe::rtl;

namespace {

uint16_t pattern(std::mt19937& rng) {
  static const uint16_t edge[] = {0x0000, 0x8000, 0x0001, 0x8001, 0x03FF, 0x0400, 0x3C00, 0xBC00, 0x7BFF, 0xFBFF,
                                  0x7C00, 0xFC00, 0x7E00, 0x7C01, 0xFE00, 0x5BFF, 0x2000, 0x1400, 0x0200, 0x3C01};
  switch (rng() % 4) {
    case 0: return edge[rng() % (sizeof edge / sizeof edge[0])];
    case 1: return uint16_t((rng() & 0x83FF) | ((rng() % 3) << 10));  // subnormal or tiny normal
    default: return uint16_t(rng());
  }
}

uint32_t bits_of(float f) {
  uint32_t u;
  std::memcpy(&u, &f, 4);
  return u;
}
float float_of(uint32_t u) {
  float f;
  std::memcpy(&f, &u, 4);
  return f;
}
float fp16_value(uint32_t h) { return float(decode(fp16_format(), h)); }
bool fp16_nan(uint64_t h) { return (h & 0x7C00) == 0x7C00 && (h & 0x3FF) != 0; }

void check_design_of(const Module& m) {
  Design d;
  d.modules = {m};
  d.top = m.name;
  REQUIRE_NOTHROW(check_design(d));
}

}  // namespace

TEST_CASE("mixed: exact fp16 x fp16 -> fp32 multiplier in IR equals C++ float multiplication", "[mixed][rtlgen]") {
  const Module mul = make_fp16_exact_mul();
  check_design_of(mul);
  CombEvaluator ev(mul);
  std::mt19937 rng(21);
  auto check = [&](uint16_t a, uint16_t b) {
    const float p = fp16_value(a) * fp16_value(b);
    const uint64_t want = std::isnan(p) ? 0x7FC00000u : bits_of(p);
    const uint64_t got = ev.eval({{"a", a}, {"b", b}}, "p");
    if (got != want) FAIL_CHECK(fmt::format("{:#06x} x {:#06x}: IR {:#010x}, C++ {:#010x}", a, b, got, want));
  };
  for (int i = 0; i < 200000; ++i) check(pattern(rng), pattern(rng));
  for (uint32_t a = 0; a < 0x400; ++a) check(uint16_t(a), uint16_t(a ^ 0x81FF));  // subnormal x subnormal
  check(0x0001, 0x0001);  // the smallest product, 2^-48
  check(0x7BFF, 0xFBFF);  // the largest, -65504^2
}

TEST_CASE("mixed: fp16 -> fp32 widening in IR is exact on every fp16 pattern", "[mixed][rtlgen]") {
  const Module widen = make_fp16_to_fp32();
  check_design_of(widen);
  CombEvaluator ev(widen);
  for (uint32_t a = 0; a < 0x10000; ++a) {
    const float f = fp16_value(a);
    const uint64_t want = std::isnan(f) ? 0x7FC00000u : bits_of(f);
    const uint64_t got = ev.eval({{"a", a}}, "p");
    if (got != want) FAIL_CHECK(fmt::format("{:#06x}: IR {:#010x}, exact {:#010x}", a, got, want));
  }
}

TEST_CASE("mixed: fp32 -> fp16 rounding in IR equals the fp16 encoder", "[mixed][rtlgen]") {
  const Module rnd = make_fp32_to_fp16();
  check_design_of(rnd);
  CombEvaluator ev(rnd);
  std::mt19937 rng(22);
  auto check = [&](uint32_t x) {
    const uint32_t want = encode(fp16_format(), double(float_of(x)));
    const uint64_t got = ev.eval({{"x", x}}, "h");
    if (fp16_nan(want) ? !fp16_nan(got) : got != want)
      FAIL_CHECK(fmt::format("{:#010x}: IR {:#06x}, encoder {:#06x}", x, got, want));
  };
  for (int i = 0; i < 300000; ++i) {
    const uint32_t r = uint32_t(rng());
    // Mostly exponents around fp16's range (102..145: ties, subnormals, overflow), some anywhere.
    check(rng() % 4 == 0 ? r : (r & 0x807FFFFFu) | ((102u + uint32_t(rng() % 44)) << 23));
  }
  for (uint32_t x : {0x00000000u, 0x80000000u, 0x00000001u, 0x33000000u, 0x33000001u, 0x337FFFFFu, 0x33800000u,
                     0x387FC000u, 0x387FE000u, 0x477FE000u, 0x477FEFFFu, 0x477FF000u, 0x7F800000u, 0xFF800000u,
                     0x7FC00000u, 0x7F800001u})
    check(x);
}

TEST_CASE("mixed: the dequantizer's chain of IR units equals the w4a16 scheme's fp16 fma", "[mixed][rtlgen]") {
  const Module xmul = make_fp16_exact_mul(), rnd = make_fp32_to_fp16(), add = make_fp_adder(lmul_fp32_format());
  const Module widen = make_fp16_to_fp32();
  CombEvaluator mul_ev(xmul), rnd_ev(rnd), add_ev(add), widen_ev(widen);
  // As rtlgen/families/mixed/mixed_gen.cpp's make_dequant wires them.
  auto dequant = [&](uint32_t q, uint32_t s, uint32_t z) {
    const uint64_t zf = encode(fp16_format(), z), qf = encode(fp16_format(), q);
    const uint64_t s_z = mul_ev.eval({{"a", s}, {"b", zf}}, "p");
    const uint64_t sz16 = rnd_ev.eval({{"x", s_z ^ 0x80000000u}}, "h");
    const uint64_t sz32 = widen_ev.eval({{"a", sz16}}, "p");
    const uint64_t s_q = mul_ev.eval({{"a", s}, {"b", qf}}, "p");
    return rnd_ev.eval({{"x", add_ev.eval({{"x", s_q}, {"y", sz32}}, "s")}}, "h");
  };
  std::mt19937 rng(23);
  std::vector<uint32_t> scales = {0x0000, 0x8000, 0x0001, 0x03FF, 0x0400, 0x7BFF, 0xFBFF, 0x7C00, 0xFC00, 0x7E00,
                                  0x1C00, 0x2E66, 0x3555};
  for (int i = 0; i < 120; ++i) scales.push_back(pattern(rng));  // under 5 s in make test
  int checked = 0;
  for (uint32_t s : scales)
    for (uint32_t q = 0; q < 16; ++q)
      for (uint32_t z = 0; z < 16; ++z) {
        const float s16 = fp16_value(s);
        const uint32_t want = encode(fp16_format(), w4a16_dequant(int(q), s16, w4a16_scaled_zero(s16, int(z))));
        const uint64_t got = dequant(q, s, z);
        if (fp16_nan(want) ? !fp16_nan(got) : got != want)
          FAIL_CHECK(fmt::format("q {} s {:#06x} z {}: IR {:#06x}, scheme {:#06x}", q, s, z, got, want));
        ++checked;
      }
  CHECK(checked == int(scales.size()) * 256);
}
