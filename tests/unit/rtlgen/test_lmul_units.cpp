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

namespace {
// Simulates the emitted Verilog of a two-input unit on `pairs` with Icarus
// Verilog; returns the output for each pair as the simulator printed it.
std::vector<uint64_t> simulate_verilog(const Module& m, const std::string& in_a, const std::string& in_b,
                                       const std::string& out, const std::vector<Pair>& pairs) {
  char dir_template[] = "/tmp/tpe_lmul_units_XXXXXX";
  const std::string dir = mkdtemp(dir_template);
  const int wi = m.find(in_a)->width, wo = m.find(out)->width;
  {
    std::ofstream(dir + "/unit.v") << emit_module(m, "test");
    std::ofstream vec(dir + "/vec.hex");
    for (const Pair& p : pairs) vec << fmt::format("{:x}\n{:x}\n", p.a, p.b);
    std::ofstream(dir + "/tb.v") << fmt::format(
        "module tb;\n  reg [{0}:0] mem [0:{1}];\n  reg [{0}:0] a, b;\n  wire [{2}:0] q;\n  integer i;\n"
        "  {3} dut(.{4}(a), .{5}(b), .{6}(q));\n"
        "  initial begin\n    $readmemh(\"{7}/vec.hex\", mem);\n"
        "    for (i = 0; i < {8}; i = i + 1) begin a = mem[2*i]; b = mem[2*i+1]; #1 $display(\"%h\", q); end\n"
        "  end\nendmodule\n",
        wi - 1, 2 * pairs.size() - 1, wo - 1, m.name, in_a, in_b, out, dir, pairs.size());
  }
  const std::string cmd = fmt::format("cd {0} && iverilog -g2005 -o sim tb.v unit.v 2>&1 && vvp -n sim > out.txt 2>&1", dir);
  REQUIRE(std::system(cmd.c_str()) == 0);
  std::vector<uint64_t> got;
  std::ifstream in(dir + "/out.txt");
  std::string line;
  while (std::getline(in, line))
    if (!line.empty() && line.find_first_not_of("0123456789abcdef") == std::string::npos)
      got.push_back(std::stoull(line, nullptr, 16));
  std::system(fmt::format("rm -rf {}", dir).c_str());
  return got;
}
}  // namespace

TEST_CASE("lmul units: the emitted Verilog (Icarus) equals the reference", "[rtlgen][lmul]") {
  const FloatFormat& f32 = lmul_fp32_format();
  const std::vector<Pair> add_pairs = random_pairs(f32, 3000, 11);
  const std::vector<uint64_t> sums = simulate_verilog(make_fp_adder(f32), "x", "y", "s", add_pairs);
  REQUIRE(sums.size() == add_pairs.size());
  for (size_t i = 0; i < sums.size(); ++i) {
    INFO(std::hex << "x=0x" << add_pairs[i].a << " y=0x" << add_pairs[i].b);
    REQUIRE(sums[i] == fp_add_bits(f32, add_pairs[i].a, add_pairs[i].b));
  }
  for (const FloatFormat* f : {&fp8_e4m3_format(), &bf16_format()}) {
    const std::vector<Pair> pairs = random_pairs(*f, 3000, 12);
    const std::vector<uint64_t> prods = simulate_verilog(make_lmul_unit(*f), "a", "b", "p", pairs);
    REQUIRE(prods.size() == pairs.size());
    for (size_t i = 0; i < prods.size(); ++i) {
      INFO(f->name << std::hex << " a=0x" << pairs[i].a << " b=0x" << pairs[i].b);
      REQUIRE(prods[i] == lmul_bits(*f, pairs[i].a, pairs[i].b));
    }
  }
}
