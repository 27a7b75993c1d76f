// Ground truth for the energy model: the per-action table (characterized on
// the stories260K FFN-up layer) replayed over a run's activity counters must
// agree within 10% with the gate-level energy of the same GEMM (a different,
// odd-shaped real-weight one): the synthesized netlist simulated, every cell
// pin priced by OpenSTA at its net's measured toggle rate, E = P x T x cycles.
//
// Each case characterizes its engine from scratch (synthesis, a gate-level
// Verilator build, four to five gate-level runs priced by OpenSTA): 1.5 to 2
// minutes cold. `make test` keeps one case per family's baseline PE; the
// optimized PEs' cases are tagged [full] (ctest label `full`, `make
// test-full`) to keep `make test` inside its 30-minute budget.
#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>
#include <iostream>

#include <fmt/format.h>

#include "hw/energy/energy_characterize.hpp"
#include "hw/energy/energy_replay.hpp"
#include "hw/energy/workload_toggles.hpp"
#include "hw/gatelevel/gate_level_model.hpp"
#include "hw/synth/synth_cache.hpp"
#include "hw/synth/synth_flow.hpp"
#include "hw/verilator/rtl_array_device.hpp"
#include "hw/verilator/verilator_build.hpp"
#include "models/engine/family_registry.hpp"
#include "models/gemm/gemm_operands.hpp"
#include "rtlgen/core/generate.hpp"
#include "sim/core/engine_sim.hpp"

using namespace tpe;
namespace fs = std::filesystem;

namespace {

std::string cache_dir() { return (fs::path(TPE_BINARY_DIR) / "test_energy_cache").string(); }

// Returns the relative difference replay vs gate level.
double ground_truth_difference(const std::string& config_file) {
  const EngineConfig cfg = load_engine_config(std::string(TPE_SOURCE_DIR) + "/configs/" + config_file);
  hw::CharacterizeOptions copt;
  copt.cache_dir = cache_dir();
  copt.progress = [](const std::string& line) { std::cout << line << "\n"; };
  const hw::EnergyTable table = hw::characterize_energy(cfg, copt);

  // The test workload: real weights, a shape unlike the characterization's.
  const GemmShape shape{20, 36, 28};
  const GemmOperands ops = make_gemm_operands(cfg, shape, 2, "stories260K");
  const rtl::GeneratedRtl rtl = rtl::generate_rtl(cfg);
  hw::RtlArrayDevice rtl_dev(cfg, hw::build_verilated_library(rtl), 7);
  ResultMatrix c;
  const hw::WorkloadToggles on_rtl = hw::measure_workload_toggles(cfg, ops.a, ops.b, rtl_dev, &c);
  REQUIRE(c == engine_reference(cfg, ops.a, ops.b));  // the family's own exact result (int_gemm for integer engines)
  auto model = make_array_model(cfg);
  const hw::WorkloadToggles on_model = hw::measure_workload_toggles(cfg, ops.a, ops.b, *model);
  REQUIRE(on_model.cycles == on_rtl.cycles);

  // Replay: the model's counters x the table, at the characterization clock.
  hw::ReplayOptions ropt;
  ropt.clock_ns = table.char_clock_ns;
  const hw::EnergyReport rep =
      hw::replay_energy(table, cfg, on_model.trace, shape, ropt, &on_model.toggles.bits);

  // Gate level: the synthesized netlist simulated on the same GEMM, every
  // cell pin at its net's measured toggle rate, priced by OpenSTA.
  hw::GateLevelOptions gopt;
  gopt.cache_dir = cache_dir();
  gopt.clock_ns = table.char_clock_ns;
  const hw::GateLevelDesign design = hw::prepare_gate_level(cfg, gopt);
  const hw::GateLevelRun gl = hw::run_gate_level(design, ops.a, ops.b, cache_dir() + "/gate-run-" + cfg.tag());
  CHECK(gl.power.pins_unmatched == 0);
  const double gate_pj = gl.energy_pj;
  const double diff = (rep.array_pj - gate_pj) / gate_pj;
  std::cout << fmt::format(
      "energy ground truth {}: GEMM {} stories260K, {} cycles, {} MACs\n"
      "  gate level: {} cell pins at their nets' toggle rates\n"
      "  replay {:.1f} pJ ({:.3f} pJ/MAC)  gate level {:.1f} pJ ({:.3f} mW x {} ns x {} cycles)  difference {:+.2f}%\n",
      cfg.tag(), shape.str(), on_rtl.cycles, on_model.trace.macs(), gl.power.pins_set, rep.array_pj,
      rep.array_pj_per_mac, gate_pj, gl.power.total.total_mw, table.char_clock_ns, gl.cycles, 100 * diff);
  for (const auto& row : rep.rows)
    std::cout << fmt::format("    {:<10} {:<24} {:>12.0f} x {:>9.4f} = {:>12.1f} pJ\n", row.component, row.action,
                             row.count, row.pj_each, row.energy_pj);
  return diff;
}

}  // namespace

TEST_CASE("energy: replay vs whole-array gate-level power: OS 4x4 int8 on stories260K", "[energy][groundtruth]") {
  const double diff = ground_truth_difference("systolic_os_4x4_int8.json");
  CHECK(std::abs(diff) < 0.10);
}

// The overlapped schedule's array: shadow accumulators and the last-flag
// chain toggle too (hw/energy/families/systolic/systolic_toggles.cpp).
TEST_CASE("energy: replay vs whole-array gate-level power: OS 4x4 int8 overlapped schedule on stories260K",
          "[energy][groundtruth][full]") {
  const double diff = ground_truth_difference("systolic_os_4x4_int8_overlap.json");
  CHECK(std::abs(diff) < 0.10);
}

TEST_CASE("energy: replay vs whole-array gate-level power: WS 4x4 int8 on stories260K", "[energy][groundtruth]") {
  const double diff = ground_truth_difference("systolic_ws_4x4_int8.json");
  CHECK(std::abs(diff) < 0.10);
}

TEST_CASE("energy: replay vs whole-array gate-level power: OS 4x4 int8 OPT1 PE on stories260K",
          "[energy][groundtruth][full]") {
  const double diff = ground_truth_difference("systolic_os_4x4_int8_opt1.json");
  CHECK(std::abs(diff) < 0.10);
}

TEST_CASE("energy: replay vs whole-array gate-level power: cube 2x2x4 int8 on stories260K", "[energy][groundtruth]") {
  const double diff = ground_truth_difference("cube_2x2x4_int8.json");
  CHECK(std::abs(diff) < 0.10);
}

TEST_CASE("energy: replay vs whole-array gate-level power: addertree K4 N4 int8 on stories260K",
          "[energy][groundtruth]") {
  const double diff = ground_truth_difference("addertree_k4_n4_int8.json");
  CHECK(std::abs(diff) < 0.10);
}

TEST_CASE("energy: replay vs whole-array gate-level power: IS 4x4 int8 on stories260K", "[energy][groundtruth]") {
  const double diff = ground_truth_difference("systolic_is_4x4_int8.json");
  CHECK(std::abs(diff) < 0.10);
}

TEST_CASE("energy: replay vs whole-array gate-level power: WS 4x4 int8 OPT1 PE on stories260K",
          "[energy][groundtruth][full]") {
  const double diff = ground_truth_difference("systolic_ws_4x4_int8_opt1.json");
  CHECK(std::abs(diff) < 0.10);
}

TEST_CASE("energy: replay vs whole-array gate-level power: 2-D matrix 4x4 int8 on stories260K",
          "[energy][groundtruth]") {
  const double diff = ground_truth_difference("matrix2d_4x4_int8.json");
  CHECK(std::abs(diff) < 0.10);
}

TEST_CASE("energy: replay vs whole-array gate-level power: 2-D matrix 4x4 int8 OPT1 PE on stories260K",
          "[energy][groundtruth][full]") {
  const double diff = ground_truth_difference("matrix2d_4x4_int8_opt1.json");
  CHECK(std::abs(diff) < 0.10);
}

TEST_CASE("energy: replay vs whole-array gate-level power: cube 2x2x4 int8 OPT1 PE on stories260K",
          "[energy][groundtruth][full]") {
  const double diff = ground_truth_difference("cube_2x2x4_int8_opt1.json");
  CHECK(std::abs(diff) < 0.10);
}

TEST_CASE("energy: replay vs whole-array gate-level power: addertree K4 N4 int8 OPT2 PE on stories260K",
          "[energy][groundtruth][full]") {
  const double diff = ground_truth_difference("addertree_k4_n4_int8_opt2.json");
  CHECK(std::abs(diff) < 0.10);
}

TEST_CASE("energy: replay vs whole-array gate-level power: IS 4x4 int8 OPT1 PE on stories260K",
          "[energy][groundtruth][full]") {
  const double diff = ground_truth_difference("systolic_is_4x4_int8_opt1.json");
  CHECK(std::abs(diff) < 0.10);
}

// The bit-slice arrays spend 8 (Stripes) or about 10 (OPT3) cycles per
// group: the 64x64x172 characterization layer is 366,000 gate-level cycles
// on a 2x2 array, about 4 minutes cold, so these two run in `make test-full`.
TEST_CASE("energy: replay vs whole-array gate-level power: bitslice Stripes 2x2 G4 int8 on stories260K",
          "[energy][groundtruth][full]") {
  const double diff = ground_truth_difference("bitslice_stripes_2x2g4_int8.json");
  CHECK(std::abs(diff) < 0.10);
}

TEST_CASE("energy: replay vs whole-array gate-level power: bitslice OPT3 2x2 G4 int8 on stories260K",
          "[energy][groundtruth][full]") {
  const double diff = ground_truth_difference("bitslice_opt3_2x2g4_int8.json");
  CHECK(std::abs(diff) < 0.10);
}

TEST_CASE("energy: replay vs whole-array gate-level power: bitslice OPT4C 2x2 G4 int8 on stories260K",
          "[energy][groundtruth][full]") {
  const double diff = ground_truth_difference("bitslice_opt4c_2x2g4_int8.json");
  CHECK(std::abs(diff) < 0.10);
}

// OPT4E with 8 lanes: two per slot, so digit skipping still shortens groups.
TEST_CASE("energy: replay vs whole-array gate-level power: bitslice OPT4E 2x2 G8 int8 on stories260K",
          "[energy][groundtruth][full]") {
  const double diff = ground_truth_difference("bitslice_opt4e_2x2g8_int8.json");
  CHECK(std::abs(diff) < 0.10);
}

TEST_CASE("energy: replay vs whole-array gate-level power: bitslice Laconic 2x2 G4 int8 on stories260K",
          "[energy][groundtruth][full]") {
  const double diff = ground_truth_difference("bitslice_laconic_2x2g4_int8.json");
  CHECK(std::abs(diff) < 0.10);
}

// The multiplication-free ShiftAddLLM array on its smallest array (1 x 1,
// q = 2 planes, T = 1 term): the table unit, two plane lookups, a shifter.
// The 1 x 2 q3t3 array's netlist (46,578 cells) took over 20 minutes to
// Verilate and compile at gate level on a loaded 2-core machine; this one
// exercises every priced action at a fraction of the cells.
TEST_CASE("energy: replay vs whole-array gate-level power: shiftadd 1x1 q2t1 on stories260K",
          "[energy][groundtruth][shiftadd][full]") {
  const double diff = ground_truth_difference("shiftadd_bcq_1x1_i8_q2t1.json");
  CHECK(std::abs(diff) < 0.10);
}

// The L-Mul PE (e4m3 operands, fp32 RNE accumulation) on one PE.
TEST_CASE("energy: replay vs whole-array gate-level power: lmul 1x1 e4m3 on stories260K",
          "[energy][groundtruth][lmul][full]") {
  const double diff = ground_truth_difference("lmul_1x1_e4m3.json");
  CHECK(std::abs(diff) < 0.10);
}

// The mixed-precision W4A16 array on its smallest square (2 x 2, groups of
// 16: K = 36 leaves a short last group): the column dequantizers (exact
// fp16 products, two roundings, an fp32 add) in the top's share, the exact
// fp16 multipliers and fp32 adders in the PEs.
TEST_CASE("energy: replay vs whole-array gate-level power: mixed w4a16 2x2 g16 on stories260K",
          "[energy][groundtruth][mixed][full]") {
  const double diff = ground_truth_difference("mixed_w4a16_2x2_g16.json");
  CHECK(std::abs(diff) < 0.10);
}
