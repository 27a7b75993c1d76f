// The shiftadd cycle model at register level (the register-level oracle
// style of test_systolic_model_timing): every edge's out_valid and
// accumulators for a hand-driven stimulus, with the expected values written
// out by hand in the test; then whole GEMMs through the controller: cycles
// equal the closed form tiles x ceil(K/8) and C the reference.
#include <catch2/catch.hpp>

#include "models/engine/engine_config.hpp"
#include "models/engine/family_registry.hpp"
#include "models/families/shiftadd/shiftadd_spec.hpp"
#include "models/gemm/gemm_operands.hpp"
#include "sim/core/array_io.hpp"
#include "sim/core/engine_sim.hpp"
#include "sim/core/family_sim.hpp"
#include "sim/families/shiftadd/shiftadd_model.hpp"

using namespace tpe;

namespace {
// 1 row x 2 columns, q = 2 planes, T = 2 terms of 2-bit shifts, 16-bit accumulators.
const char* kDesc =
    R"({"family":"shiftadd","pe":"bcq","rows":1,"cols":2,"terms":2,"shift_bits":2,"exp_min":0,)"
    R"("a":{"bits":8,"signed":true},"b":{"bits":2,"signed":false},"acc_bits":16})";
}  // namespace

TEST_CASE("shiftadd model: table lookups, shifts and signs per edge, first restarts, last sets out_valid",
          "[shiftadd][sim]") {
  register_builtin_families();
  const EngineConfig cfg = parse_engine_config(kDesc, "test");
  const shiftadd::Arith ar = shiftadd::Params::of(cfg).arith;
  const PortLayout l = PortLayout::of(cfg);
  shiftadd::ShiftAddModel model(cfg);
  const int v = l.input("in_valid"), first = l.input("first"), last = l.input("last"), act = l.input("act"),
            code = l.input("code"), alpha = l.input("alpha");
  const int ov = l.output("out_valid"), c = l.output("c_vec");
  auto term = [&](int sign, int shift) { return int64_t(shiftadd::term_code(ar, sign, shift)); };
  ArrayInputs in = l.make_inputs();
  // Edge 0: x = 1..8 (sum 36). Column 0: plane 0 byte 0xFF (all +1: 36), plane 1 byte 0x00 (all -1: -36);
  // terms: plane 0 {+2^1, 0}, plane 1 {-2^0, +2^3}. Column 1: plane 0 byte 0x01 (+1 -2-3-...-8 = -34),
  // plane 1 byte 0x80 (-1-...-7 +8 = -20); terms: plane 0 {-2^2, -2^0}, plane 1 {0, 0}.
  in.set(v, 1);
  in.set(first, 1);
  in.port[size_t(act)] = {1, 2, 3, 4, 5, 6, 7, 8};
  in.port[size_t(code)] = {0xFF, 0x00, 0x01, 0x80};
  in.port[size_t(alpha)] = {term(1, 1), 0, term(-1, 0), term(1, 3), term(-1, 2), term(-1, 0), 0, 0};
  ArrayOutputs out = model.tick(in);
  CHECK_FALSE(out.flag(ov));
  const int64_t c0 = 72 + 36 - 288, c1 = 136 + 34;  // 36*2 - (-36) + (-36)*8; -(-34*4) - (-34)
  CHECK(out.port[size_t(c)][0] == c0);
  CHECK(out.port[size_t(c)][1] == c1);
  in = l.make_inputs();
  out = model.tick(in);  // nothing sampled: the accumulators hold
  CHECK_FALSE(out.flag(ov));
  CHECK(out.port[size_t(c)][0] == c0);
  // Edge 2: most negative activations, column 0 all +1 at the largest shift: -1024 << 3 twice, plus the old sum.
  in.set(v, 1);
  in.set(last, 1);
  in.port[size_t(act)] = {-128, -128, -128, -128, -128, -128, -128, -128};
  in.port[size_t(code)] = {0xFF, 0xFF, 0, 0};
  in.port[size_t(alpha)] = {term(1, 3), 0, term(1, 3), 0, 0, 0, 0, 0};
  out = model.tick(in);
  CHECK(out.flag(ov));
  CHECK(out.port[size_t(c)][0] == c0 - 16384);
  CHECK(out.port[size_t(c)][1] == c1);
  // Edge 3: first again, x = 127 (entry 1016), column 0: four terms at 2^3: 4 x 8128 = 32512;
  // edge 4 the same without first: 65024 wraps to -512 in 16 bits.
  in.set(last, 0);
  in.set(first, 1);
  in.port[size_t(act)] = {127, 127, 127, 127, 127, 127, 127, 127};
  in.port[size_t(alpha)] = {term(1, 3), term(1, 3), term(1, 3), term(1, 3), 0, 0, 0, 0};
  out = model.tick(in);
  CHECK_FALSE(out.flag(ov));  // out_valid lasts one edge
  CHECK(out.port[size_t(c)][0] == 32512);
  CHECK(out.port[size_t(c)][1] == 0);  // column 1: all terms zero
  in.set(first, 0);
  out = model.tick(in);
  CHECK(out.port[size_t(c)][0] == -512);
  const std::vector<uint64_t>& n = *model.counters();
  CHECK(n[shiftadd::kMac] == 4 * 2 * 8);          // 4 sampled blocks x 2 PEs x 8
  CHECK(n[shiftadd::kTableBuilds] == 4);
  CHECK(n[shiftadd::kShiftAdds] == 4 * 2 * 2 * 2);  // blocks x PEs x q x T
  CHECK(n[shiftadd::kResultValues] == 2);
}

TEST_CASE("shiftadd model: whole GEMMs take tiles x ceil(K/8) cycles and equal the reference", "[shiftadd][sim]") {
  register_builtin_families();
  const EngineConfig cfg = parse_engine_config(
      R"({"family":"shiftadd","pe":"bcq","rows":2,"cols":3,"terms":3,"shift_bits":3,"exp_min":-10,)"
      R"("a":{"bits":8,"signed":true},"b":{"bits":3,"signed":false},"acc_bits":32})", "test");
  auto model = make_array_model(cfg);
  struct Case {
    GemmShape s;
    uint64_t cycles;  // ceil(M/2) * ceil(N/3) * ceil(K/8), written out
  };
  for (const Case& k : {Case{{3, 13, 19}, 2 * 7 * 2}, Case{{2, 1, 3}, 1}, Case{{5, 17, 4}, 3 * 2 * 3},
                        Case{{2, 8, 3}, 1}}) {
    INFO(k.s.str());
    const GemmOperands ops = make_gemm_operands(cfg, k.s, 5, "random");
    const EngineRun run = simulate_gemm(cfg, ops.a, ops.b, {model.get()})[0];
    CHECK(run.completed);
    CHECK(run.activity.cycles == k.cycles);
    CHECK(run.c == engine_reference(cfg, ops.a, ops.b));
  }
}
