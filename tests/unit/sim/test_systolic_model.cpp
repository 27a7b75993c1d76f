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
