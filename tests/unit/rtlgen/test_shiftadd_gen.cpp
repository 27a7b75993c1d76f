// The shiftadd generator (rtlgen/families/shiftadd): the row's table unit
// evaluated in C++ (rtlgen/ir/evaluate) against sums written out in the test
// for random and extreme activations; the whole design passes the checking
// passes and holds no multiplication anywhere (no Op::Mul in any module), and
// Yosys's coarse-grain cell list of the PE and the table unit (after proc,
// opt and wreduce, before alumacc folds add chains into $macc cells and
// before techmap) has $add cells but no $mul or $macc.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <random>
#include <sstream>

#include <fmt/format.h>

#include "models/engine/engine_config.hpp"
#include "models/engine/family_registry.hpp"
#include "rtlgen/families/shiftadd/shiftadd_gen.hpp"
#include "rtlgen/ir/check.hpp"
#include "rtlgen/ir/emit_verilog.hpp"
#include "rtlgen/ir/evaluate.hpp"

using namespace tpe;
using namespace tpe::rtl;

namespace {
const char* kDesc =
    R"({"family":"shiftadd","pe":"bcq","rows":2,"cols":3,"terms":3,"shift_bits":3,"exp_min":-10,)"
    R"("a":{"bits":8,"signed":true},"b":{"bits":3,"signed":false},"acc_bits":32})";

int count_ops(const ExprP& e, Op op) {
  if (!e) return 0;
  int n = e->op == op;
  for (const auto& a : e->args) n += count_ops(a, op);
  return n;
}
}  // namespace

TEST_CASE("shiftadd rtl: the table unit's 256 entries equal the signed sums", "[shiftadd][rtlgen]") {
  register_builtin_families();
  const EngineConfig cfg = parse_engine_config(kDesc, "test");
  // The evaluator takes signals of at most 64 bits: evaluate the entries'
  // own wires t_p, without the 2816-bit packed output that only concatenates them.
  Module m = make_shiftadd_table(cfg);
  m.signals.erase(std::remove_if(m.signals.begin(), m.signals.end(), [](const Signal& s) { return s.name == "lut"; }),
                  m.signals.end());
  m.assigns.erase(std::remove_if(m.assigns.begin(), m.assigns.end(), [](const Assign& a) { return a.lhs == "lut"; }),
                  m.assigns.end());
  CombEvaluator ev(m);
  std::mt19937 rng(3);
  for (int trial = 0; trial < 40; ++trial) {
    int x[8];
    for (int j = 0; j < 8; ++j) x[j] = trial == 0 ? -128 : trial == 1 ? 127 : int(rng() % 256) - 128;
    uint64_t packed = 0;
    for (int j = 0; j < 8; ++j) packed |= uint64_t(uint8_t(x[j])) << (8 * j);
    for (int p = 0; p < 256; ++p) {
      int want = 0;
      for (int j = 0; j < 8; ++j) want += (p >> j & 1) ? x[j] : -x[j];
      const uint64_t got = ev.eval({{"x", packed}}, fmt::format("t_{}", p));
      INFO("trial " << trial << " entry " << p);
      REQUIRE(got == (uint64_t(int64_t(want)) & 0x7FF));  // 11-bit two's complement
    }
  }
}

TEST_CASE("shiftadd rtl: the design passes the checks and has no multiplier", "[shiftadd][rtlgen]") {
  register_builtin_families();
  const EngineConfig cfg = parse_engine_config(kDesc, "test");
  const Design d = generate_shiftadd(cfg);
  REQUIRE_NOTHROW(check_design(d));
  int adds = 0, muxes = 0;
  for (const Module& m : d.modules) {
    int muls = 0;
    for (const Assign& a : m.assigns) {
      muls += count_ops(a.rhs, Op::Mul);
      adds += count_ops(a.rhs, Op::Add) + count_ops(a.rhs, Op::Sub);
      muxes += count_ops(a.rhs, Op::Mux);
    }
    for (const RegUpdate& r : m.regs) muls += count_ops(r.next, Op::Mul);
    INFO(m.name);
    CHECK(muls == 0);
  }
  // What is there instead: the table's 255 adders + 1 negation + 7 for the sum; per PE 3 x 255 mux-tree
  // nodes, 3 x 3 shifters of 3 stages, 9 sign/zero selections, 9 negations and 9 adds into the sum.
  CHECK(adds == (255 + 1 + 7) + (9 + 9));
  CHECK(muxes == 3 * 255 + 9 * 3 + 9 * 2 + 1);
}

TEST_CASE("shiftadd rtl: Yosys finds no multiplier cell in the PE or the table unit (coarse cells before techmap)",
          "[shiftadd][rtlgen][yosys]") {
  register_builtin_families();
  const EngineConfig cfg = parse_engine_config(kDesc, "test");
  char dir_template[] = "/tmp/tpe_shiftadd_stat_XXXXXX";
  const std::string dir = mkdtemp(dir_template);
  for (const Module& m : {make_shiftadd_pe(cfg), make_shiftadd_table(cfg)}) {
    INFO(m.name);
    std::ofstream(dir + "/m.v") << emit_module(m, "test");
    const std::string cmd = fmt::format(
        "cd {} && yosys -q -p 'read_verilog m.v; hierarchy -top {}; proc; opt; wreduce; opt; tee -o stat.txt "
        "stat' > yosys.log 2>&1", dir, m.name);
    REQUIRE(std::system(cmd.c_str()) == 0);
    std::ifstream in(dir + "/stat.txt");
    std::stringstream stat;
    stat << in.rdbuf();
    INFO(stat.str());
    CHECK(stat.str().find("$add") != std::string::npos);  // the adders are there ...
    CHECK(stat.str().find("$mul") == std::string::npos);  // ... and no multiplier
    CHECK(stat.str().find("$macc") == std::string::npos);
  }
  std::system(fmt::format("rm -rf {}", dir).c_str());
}
