// The cube's SystemC cycle model against the reference GEMM (bit for bit)
// and cycle counts worked out by hand from the schedule in
// docs/families/cube.md (not from the family's closed form, which must
// agree too). One simulate_gemm per TEST_CASE (one SystemC elaboration per
// process).
#include <catch2/catch.hpp>

#include "models/engine/family_registry.hpp"
#include "models/families/cube/cube_spec.hpp"
#include "models/formats/operands.hpp"
#include "models/gemm/int_gemm.hpp"
#include "sim/core/engine_sim.hpp"

using namespace tpe;

namespace {

void check_model(const EngineConfig& cfg, GemmShape s, uint64_t seed, uint64_t hand_cycles) {
  register_builtin_families();
  auto a = random_operands(s.m, s.k, cfg.a, seed);
  auto b = random_operands(s.k, s.n, cfg.b, seed + 1);
  auto model = make_array_model(cfg);
  auto runs = simulate_gemm(cfg, a, b, {model.get()});
  REQUIRE(runs[0].completed);
  CHECK(runs[0].c == int_gemm(a, b, cfg.a, cfg.b, cfg.acc_bits));
  CHECK(runs[0].activity.cycles == hand_cycles);
  CHECK(*closed_form_cycles(cfg, s) == hand_cycles);
  // Padded feeds do whole blocks: X*Y*Z MACs per feed.
  const uint64_t X = cfg.integer("x"), Y = cfg.integer("y"), Z = cfg.integer("z");
  const uint64_t feeds = ((s.m + X - 1) / X) * ((s.n + Y - 1) / Y) * ((s.k + Z - 1) / Z);
  CHECK(runs[0].activity.macs() == feeds * X * Y * Z);
}

}  // namespace

// 7x13x9 on 4x4x4: 2 row tiles x 3 column tiles, 4 feeds each. A tile with
// first feed at edge e: feeds e..e+3, idle after e+5, first read at e+7, rows
// read at e+7.. (4 rows, then 3), next tile at e+11 (e+10 for 3 rows).
// Periods 11,11,11,10,10,10 = 63; the run ends at the last read, the last
// edge of the last period (counted inclusively from the first feed).
TEST_CASE("cube model 4x4x4 int8, odd shape", "[sim]") {
  check_model(cube::make_config(4, 4, 4, {8, true}, {8, true}, 32), {7, 13, 9}, 1, 63);
}
// K = 1: one feed per tile; 5x1x6 on 2x3x4: 3 row tiles (2,2,1 rows) x 2
// column tiles; periods 1+3+Xt: 6,6,6,6,5,5 = 34.
TEST_CASE("cube model 2x3x4 u8 x i4, K=1", "[sim]") {
  check_model(cube::make_config(2, 3, 4, {8, false}, {4, true}, 32), {5, 1, 6}, 2, 34);
}
// A narrow accumulator that wraps; 3x40x2 on 3x2x5: 8 feeds, one tile of 3 rows: 8+3+3 = 14.
TEST_CASE("cube model 3x2x5 u4 x u4, 9-bit accumulator wraps", "[sim]") {
  check_model(cube::make_config(3, 2, 5, {4, false}, {4, false}, 9), {3, 40, 2}, 3, 14);
}
TEST_CASE("cube model 4x4x4 OPT1 (same schedule)", "[sim]") {
  check_model(cube::make_config(4, 4, 4, {8, true}, {8, true}, 16, "opt1"), {7, 13, 9}, 4, 63);
}
