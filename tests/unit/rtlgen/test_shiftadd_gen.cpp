// The shiftadd generator (rtlgen/families/shiftadd): the row's table unit
// evaluated in C++ (rtlgen/ir/evaluate) against sums written out in the test
// for random and extreme activations; the whole design passes the checking
// passes and holds no multiplication anywhere (no Op::Mul in any module).
#include <catch2/catch.hpp>

#include <functional>
#include <random>

#include <fmt/format.h>

#include "models/engine/engine_config.hpp"
#include "models/engine/family_registry.hpp"
#include "rtlgen/families/shiftadd/shiftadd_gen.hpp"
#include "rtlgen/ir/check.hpp"
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
  const Module m = make_shiftadd_table(cfg);
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
