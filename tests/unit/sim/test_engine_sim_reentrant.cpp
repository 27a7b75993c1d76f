// simulate_gemm is re-entrant: one process runs GEMMs of different families,
// shapes and formats one after the other in one SystemC simulation, and each
// run is as exact as a run alone (values against the reference GEMM, cycles
// against the family's closed form), including a run cut short by max_cycles
// followed by a complete one.
#include <catch2/catch.hpp>

#include "models/engine/engine_config.hpp"
#include "models/engine/family_registry.hpp"
#include "models/formats/operands.hpp"
#include "models/gemm/int_gemm.hpp"
#include "sim/core/engine_sim.hpp"

using namespace tpe;

namespace {
EngineConfig parse(const std::string& json) { return parse_engine_config(json, "<test>"); }

void run_exact(const EngineConfig& cfg, GemmShape s, uint64_t seed) {
  const auto a = random_operands(s.m, s.k, cfg.a, seed);
  const auto b = random_operands(s.k, s.n, cfg.b, seed + 1);
  auto model = make_array_model(cfg);
  const auto runs = simulate_gemm(cfg, a, b, {model.get()});
  REQUIRE(runs[0].completed);
  CHECK(runs[0].c == int_gemm(a, b, cfg.a, cfg.b, cfg.acc_bits));
  CHECK(runs[0].activity.cycles == *closed_form_cycles(cfg, s));
}
}  // namespace

TEST_CASE("simulate_gemm runs many GEMMs in one process, each exact", "[sim]") {
  const auto os = parse(R"({"family":"systolic","dataflow":"os","rows":4,"cols":4,
      "a":{"bits":8,"signed":true},"b":{"bits":8,"signed":true},"acc_bits":32})");
  const auto ws = parse(R"({"family":"systolic","dataflow":"ws","rows":3,"cols":5,
      "a":{"bits":4,"signed":false},"b":{"bits":8,"signed":true},"acc_bits":14})");
  const auto cube = parse(R"({"family":"cube","x":2,"y":2,"z":4,
      "a":{"bits":8,"signed":true},"b":{"bits":8,"signed":true},"acc_bits":32})");
  run_exact(os, {7, 5, 9}, 1);
  run_exact(ws, {6, 23, 8}, 3);
  run_exact(cube, {5, 9, 3}, 5);

  // A run cut short leaves nothing behind for the next one.
  const auto a = random_operands(9, 9, os.a, 7), b = random_operands(9, 9, os.b, 8);
  auto model = make_array_model(os);
  EngineSimOptions cut;
  cut.max_cycles = 5;
  const auto short_run = simulate_gemm(os, a, b, {model.get()}, cut);
  CHECK_FALSE(short_run[0].completed);
  run_exact(os, {9, 9, 9}, 7);
  run_exact(os, {7, 5, 9}, 1);
}
