// The SystemC cycle model against the reference GEMM (bit for bit) and the
// closed-form cycle estimate (exactly). One simulate_gemm per TEST_CASE:
// SystemC allows one elaboration per process and ctest runs each case alone.
#include <catch2/catch.hpp>

#include "models/formats/operands.hpp"
#include "models/gemm/int_gemm.hpp"
#include "sim/core/engine_sim.hpp"
#include "models/engine/family_registry.hpp"
#include "models/families/systolic/systolic_spec.hpp"

using namespace tpe;
using tpe::systolic::Dataflow;

namespace {
EngineConfig make_cfg(Dataflow df, int r, int c, IntFormat a, IntFormat b, int acc) {
  return systolic::make_config(df, r, c, a, b, acc);
}

void check_model(const EngineConfig& cfg, GemmShape s, uint64_t seed) {
  auto a = random_operands(s.m, s.k, cfg.a, seed);
  auto b = random_operands(s.k, s.n, cfg.b, seed + 1);
  auto model = make_array_model(cfg);
  auto runs = simulate_gemm(cfg, a, b, {model.get()});
  REQUIRE(runs[0].completed);
  CHECK(runs[0].c == int_gemm(a, b, cfg.a, cfg.b, cfg.acc_bits));
  CHECK(runs[0].activity.cycles == *closed_form_cycles(cfg, s));
  // Every useful MAC happened (padding lanes add more, never fewer).
  CHECK(runs[0].activity.macs() >= uint64_t(s.macs()));
}
}  // namespace

TEST_CASE("systolic model OS 4x4 int8, odd shape", "[sim]") {
  check_model(make_cfg(Dataflow::OutputStationary, 4, 4, {8, true}, {8, true}, 32), {7, 5, 9}, 1);
}
TEST_CASE("systolic model OS 3x5 u4 x i8, narrow accumulator wraps", "[sim]") {
  check_model(make_cfg(Dataflow::OutputStationary, 3, 5, {4, false}, {8, true}, 12), {10, 33, 11}, 2);
}
TEST_CASE("systolic model OS 1x1, K=1", "[sim]") {
  check_model(make_cfg(Dataflow::OutputStationary, 1, 1, {8, true}, {8, true}, 32), {3, 1, 2}, 3);
}
TEST_CASE("systolic model WS 4x4 int8, odd shape", "[sim]") {
  check_model(make_cfg(Dataflow::WeightStationary, 4, 4, {8, true}, {8, true}, 32), {7, 9, 5}, 4);
}
TEST_CASE("systolic model WS 5x3 i8 x u4, narrow accumulator wraps", "[sim]") {
  check_model(make_cfg(Dataflow::WeightStationary, 5, 3, {8, true}, {4, false}, 14), {6, 23, 8}, 5);
}
TEST_CASE("systolic model WS 1x1, K=1", "[sim]") {
  check_model(make_cfg(Dataflow::WeightStationary, 1, 1, {8, true}, {8, true}, 32), {3, 1, 2}, 6);
}
TEST_CASE("systolic model IS 4x4 int8, odd shape", "[sim]") {
  check_model(make_cfg(Dataflow::InputStationary, 4, 4, {8, true}, {8, true}, 32), {9, 5, 7}, 7);
}
TEST_CASE("systolic model IS 3x5 u4 x i8, narrow accumulator wraps", "[sim]") {
  check_model(make_cfg(Dataflow::InputStationary, 3, 5, {4, false}, {8, true}, 12), {11, 23, 6}, 8);
}
TEST_CASE("systolic model IS 1x1, K=1", "[sim]") {
  check_model(make_cfg(Dataflow::InputStationary, 1, 1, {8, true}, {8, true}, 32), {3, 1, 2}, 9);
}
TEST_CASE("systolic model WS and IS OPT1: the same values and cycles as the baseline PE", "[sim]") {
  check_model(systolic::make_config(Dataflow::InputStationary, 4, 3, {8, true}, {8, false}, 16, "opt1"), {7, 21, 5}, 10);
}
TEST_CASE("systolic closed form: IS and WS counted by hand", "[sim]") {
  // IS 4x4, M=9 K=5 N=7: ceil(9/4) x ceil(5/4) = 6 folds of R loads (4), N
  // streamed columns (7), R+C edges until the last leaves (8), a round trip
  // (2) less the overlap of the next fold's first load (1): 20; minus 1.
  const EngineConfig is = make_cfg(Dataflow::InputStationary, 4, 4, {8, true}, {8, true}, 32);
  CHECK(*closed_form_cycles(is, {9, 5, 7}) == 6 * 20 - 1);
  // WS on the transposed problem streams M=7 rows over ceil(9/4) x 2 folds: the same count.
  const EngineConfig ws = make_cfg(Dataflow::WeightStationary, 4, 4, {8, true}, {8, true}, 32);
  CHECK(*closed_form_cycles(ws, {7, 5, 9}) == 6 * 20 - 1);
  // Rectangular: IS 2x8 (R=2, C=8), M=9 K=3 N=4: 2 x 2 folds of 4+8+4+1 = 17.
  const EngineConfig rect = make_cfg(Dataflow::InputStationary, 2, 8, {8, true}, {8, true}, 32);
  CHECK(*closed_form_cycles(rect, {9, 3, 4}) == 4 * 17 - 1);
}

// The overlapped OS schedule (docs/families/systolic.md "Overlapped schedule").
namespace {
EngineConfig overlap_cfg(int r, int c, IntFormat a, IntFormat b, int acc) {
  return systolic::make_config(Dataflow::OutputStationary, r, c, a, b, acc, "baseline", systolic::Schedule::Overlap);
}
}  // namespace

TEST_CASE("systolic model OS overlap 4x4 int8, odd shape", "[sim]") {
  check_model(overlap_cfg(4, 4, {8, true}, {8, true}, 32), {9, 11, 7}, 11);
}
TEST_CASE("systolic model OS overlap 4x8 u4 x i8, K < C, narrow accumulator wraps", "[sim]") {
  check_model(overlap_cfg(4, 8, {4, false}, {8, true}, 12), {9, 3, 17}, 12);
}
TEST_CASE("systolic model OS overlap 1x1, K=1: a tile every cycle", "[sim]") {
  check_model(overlap_cfg(1, 1, {8, true}, {8, true}, 32), {3, 1, 4}, 13);
}
TEST_CASE("systolic closed form: overlapped OS counted by hand", "[sim]") {
  // 4x4, M=9 K=11 N=7: 3 x 2 = 6 tiles, one every P = max(K, R, C) = 11
  // edges; the last tile's last operand enters at edge 5*11 + 10 after the
  // first; its single row (M = 9 = 2*4 + 1) is read C+1 = 5 edges later:
  // 5*11 + 10 + 5, plus 1 (inclusive) = 71.
  CHECK(*closed_form_cycles(overlap_cfg(4, 4, {8, true}, {8, true}, 32), {9, 11, 7}) == 71);
  // 4x8, M=9 K=3 N=17: 3 x 3 = 9 tiles; K < C, so a tile every C = 8 edges
  // (5 idle); last operand at 8*8 + 2, one row read 8+1 later: 8*8 + 2 + 9 + 1 = 76.
  CHECK(*closed_form_cycles(overlap_cfg(4, 8, {8, true}, {8, true}, 32), {9, 3, 17}) == 76);
  // 16x16 on 256^3: 256 tiles of 256 edges back to back, then C + R = 32
  // edges of drain: 65,536 + 32 (the serial schedule takes 78,335).
  CHECK(*closed_form_cycles(overlap_cfg(16, 16, {8, true}, {8, true}, 32), {256, 256, 256}) == 65568);
  CHECK(*closed_form_cycles(systolic::make_config(Dataflow::OutputStationary, 16, 16, {8, true}, {8, true}, 32),
                            {256, 256, 256}) == 78335);
}

TEST_CASE("systolic model WS overlap 4x4 int8, odd shape", "[sim]") {
  check_model(systolic::make_config(Dataflow::WeightStationary, 4, 4, {8, true}, {8, true}, 32, "baseline",
                                    systolic::Schedule::Overlap),
              {9, 11, 7}, 14);
}
TEST_CASE("systolic model IS overlap 2x8 i8 x u4, narrow accumulator wraps", "[sim]") {
  check_model(systolic::make_config(Dataflow::InputStationary, 2, 8, {8, true}, {4, false}, 14, "baseline",
                                    systolic::Schedule::Overlap),
              {9, 23, 6}, 15);
}
TEST_CASE("systolic closed form: overlapped WS and IS counted by hand", "[sim]") {
  using systolic::Schedule;
  // WS 4x4, M=9 K=11 N=7: ceil(11/4) x ceil(7/4) = 6 folds, one every P =
  // max(S=9, 2R+C-2 = 10, R+C+2 = 10) = 10 edges; the first fold's R = 4
  // loads come first, the last fold's 9th vector leaves R+C = 8 edges after
  // it entered: 4 + 5*10 + 8 + 8 + 1 = 71.
  const EngineConfig ws =
      systolic::make_config(Dataflow::WeightStationary, 4, 4, {8, true}, {8, true}, 32, "baseline", Schedule::Overlap);
  CHECK(*closed_form_cycles(ws, {9, 11, 7}) == 71);
  // IS on the transposed problem: the same count.
  const EngineConfig is =
      systolic::make_config(Dataflow::InputStationary, 4, 4, {8, true}, {8, true}, 32, "baseline", Schedule::Overlap);
  CHECK(*closed_form_cycles(is, {7, 11, 9}) == 71);
  // 1x1, K=1, M=3 N=4 (WS): 4 folds; P = max(3, 1, 1+1+2 = 4) = 4 (the
  // partial-sum round trip binds); 1 + 3*4 + 2 + 2 + 1 = 18.
  const EngineConfig one =
      systolic::make_config(Dataflow::WeightStationary, 1, 1, {8, true}, {8, true}, 32, "baseline", Schedule::Overlap);
  CHECK(*closed_form_cycles(one, {3, 1, 4}) == 18);
  // 16x16 on 256^3: 256 folds of 256 vectors back to back, plus 2R + C = 48.
  const EngineConfig big =
      systolic::make_config(Dataflow::WeightStationary, 16, 16, {8, true}, {8, true}, 32, "baseline", Schedule::Overlap);
  CHECK(*closed_form_cycles(big, {256, 256, 256}) == 65584);
}
