// The HBM-PIM lane's arithmetic in IR against the reference
// (models/pim/hbmpim_arith, itself checked against libgcc's _Float16 in
// tests/unit/models/test_hbmpim_arith.cpp), evaluated in C++ by
// rtlgen/ir/evaluate: the fp16 multiplier on every class of pattern (zeros,
// subnormals, normals, the overflow edge, Inf, NaN) and on random pairs; the
// fp16 adder of rtlgen/families/lmul (make_fp_adder on fp16) on random pairs
// and specials, so that the lane's two roundings equal fp16_mac_bits.
#include <catch2/catch.hpp>

#include <random>

#include <fmt/format.h>

#include "models/formats/float_formats.hpp"
#include "models/pim/hbmpim_arith.hpp"
#include "rtlgen/families/hbmpim/fp16_mul_gen.hpp"
#include "rtlgen/families/lmul/lmul_units_gen.hpp"
#include "rtlgen/ir/check.hpp"
#include "rtlgen/ir/evaluate.hpp"

using namespace tpe;
using namespace tpe::rtl;

namespace {

// A pattern from every region of binary16, or a uniform one.
uint16_t pattern(std::mt19937& rng) {
  static const uint16_t edge[] = {0x0000, 0x8000, 0x0001, 0x8001, 0x03FF, 0x0400, 0x3C00, 0xBC00, 0x7BFF, 0xFBFF,
                                  0x7C00, 0xFC00, 0x7E00, 0x7C01, 0xFE00, 0x5BFF, 0x2000, 0x1400, 0x0200, 0x3C01};
  switch (rng() % 4) {
    case 0: return edge[rng() % (sizeof edge / sizeof edge[0])];
    case 1: return uint16_t((rng() & 0x83FF) | ((rng() % 3) << 10));  // subnormal or tiny normal
    default: return uint16_t(rng());
  }
}

}  // namespace

TEST_CASE("hbmpim fp16 multiplier in IR equals fp16_mul_bits", "[hbmpim][rtlgen]") {
  const Module mul = make_fp16_multiplier();
  Design d;
  d.modules = {mul};
  d.top = mul.name;
  REQUIRE_NOTHROW(check_design(d));
  CombEvaluator ev(mul);
  std::mt19937 rng(12);
  int checked = 0;
  for (int i = 0; i < 200000; ++i) {
    const uint16_t a = pattern(rng), b = pattern(rng);
    const uint64_t got = ev.eval({{"a", a}, {"b", b}}, "p");
    const uint16_t want = pim::fp16_mul_bits(a, b);
    if (got != want) FAIL_CHECK(fmt::format("{:#06x} x {:#06x}: IR {:#06x}, reference {:#06x}", a, b, got, want));
    ++checked;
  }
  // Every product of a subnormal with every power of two that keeps it representable-ish (the shifter's range).
  for (uint32_t a = 1; a < 0x400; a += 7)
    for (uint32_t e = 0; e < 31; ++e) {
      const uint16_t b = uint16_t(e << 10);
      CHECK(ev.eval({{"a", a}, {"b", b}}, "p") == pim::fp16_mul_bits(uint16_t(a), b));
    }
  CHECK(checked == 200000);
}

TEST_CASE("hbmpim fp16 adder in IR equals fp16_add_bits", "[hbmpim][rtlgen]") {
  const Module add = make_fp_adder(fp16_format());
  CombEvaluator ev(add);
  std::mt19937 rng(13);
  for (int i = 0; i < 200000; ++i) {
    const uint16_t a = pattern(rng), b = pattern(rng);
    const uint64_t got = ev.eval({{"x", a}, {"y", b}}, "s");
    const uint16_t want = pim::fp16_add_bits(a, b);
    if (got != want) FAIL_CHECK(fmt::format("{:#06x} + {:#06x}: IR {:#06x}, reference {:#06x}", a, b, got, want));
  }
}
