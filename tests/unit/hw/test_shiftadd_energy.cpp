// Ground truth for the shiftadd family's energy model, in the style of
// test_energy_groundtruth: the per-action table (characterized on the
// stories260K FFN-up layer, hw/energy/families/shiftadd) replayed over a
// different, odd-shaped real-weight GEMM's counters must agree within 10%
// with the gate-level energy of the same GEMM (the synthesized netlist
// simulated, every cell pin priced by OpenSTA at its net's toggle rate).
// The smallest array that still shares a table: 1 row x 2 columns.
#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>
#include <iostream>

#include <fmt/format.h>

#include "hw/energy/energy_characterize.hpp"
#include "hw/energy/energy_replay.hpp"
#include "hw/energy/workload_toggles.hpp"
#include "hw/gatelevel/gate_level_model.hpp"
#include "hw/verilator/rtl_array_device.hpp"
#include "hw/verilator/verilator_build.hpp"
#include "models/engine/family_registry.hpp"
#include "models/gemm/gemm_operands.hpp"
#include "rtlgen/core/generate.hpp"
#include "sim/core/family_sim.hpp"

using namespace tpe;
namespace fs = std::filesystem;

TEST_CASE("energy: replay vs whole-array gate-level power: shiftadd 1x2 q3t3 on stories260K",
          "[energy][groundtruth][shiftadd]") {
  register_builtin_families();
  const std::string cache = (fs::path(TPE_BINARY_DIR) / "test_energy_cache").string();
  const EngineConfig cfg = load_engine_config(std::string(TPE_SOURCE_DIR) + "/configs/shiftadd_1x2_i8_q3t3.json");
  hw::CharacterizeOptions copt;
  copt.cache_dir = cache;
  copt.progress = [](const std::string& line) { std::cout << line << "\n"; };
  const hw::EnergyTable table = hw::characterize_energy(cfg, copt);

  const GemmShape shape{5, 36, 27};
  const GemmOperands ops = make_gemm_operands(cfg, shape, 2, "stories260K");
  const rtl::GeneratedRtl rtl = rtl::generate_rtl(cfg);
  hw::RtlArrayDevice rtl_dev(cfg, hw::build_verilated_library(rtl), 7);
  ResultMatrix c;
  const hw::WorkloadToggles on_rtl = hw::measure_workload_toggles(cfg, ops.a, ops.b, rtl_dev, &c);
  REQUIRE(c == engine_reference(cfg, ops.a, ops.b));
  auto model = make_array_model(cfg);
  const hw::WorkloadToggles on_model = hw::measure_workload_toggles(cfg, ops.a, ops.b, *model);
  REQUIRE(on_model.cycles == on_rtl.cycles);
  REQUIRE(on_model.cycles == 5 * 14 * 5);  // tiles x ceil(36 / 8)

  hw::ReplayOptions ropt;
  ropt.clock_ns = table.char_clock_ns;
  const hw::EnergyReport rep = hw::replay_energy(table, cfg, on_model.trace, shape, ropt, &on_model.toggles.bits);

  hw::GateLevelOptions gopt;
  gopt.cache_dir = cache;
  gopt.clock_ns = table.char_clock_ns;
  const hw::GateLevelDesign design = hw::prepare_gate_level(cfg, gopt);
  const hw::GateLevelRun gl = hw::run_gate_level(design, ops.a, ops.b, cache + "/gate-run-" + cfg.tag());
  CHECK(gl.power.pins_unmatched == 0);
  const double diff = (rep.array_pj - gl.energy_pj) / gl.energy_pj;
  std::cout << fmt::format("energy ground truth {}: GEMM {} stories260K, {} cycles; replay {:.1f} pJ, gate level "
                           "{:.1f} pJ, difference {:+.2f}%\n",
                           cfg.tag(), shape.str(), on_rtl.cycles, rep.array_pj, gl.energy_pj, 100 * diff);
  for (const auto& row : rep.rows)
    std::cout << fmt::format("    {:<10} {:<24} {:>12.0f} x {:>9.4f} = {:>12.1f} pJ\n", row.component, row.action,
                             row.count, row.pj_each, row.energy_pj);
  CHECK(std::abs(diff) < 0.10);
}
