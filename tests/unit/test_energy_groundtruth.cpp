// Ground truth for the energy model: the per-action table (characterized on
// the stories260K FFN-up layer) replayed over a run's activity counters must
// agree within 10% with OpenSTA's power of the whole synthesized array driven
// by the toggle rates the Verilated RTL showed on its top-level ports in the
// same run (a different, odd-shaped real-weight GEMM): E = P x T x cycles.
#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>
#include <iostream>

#include <fmt/format.h>

#include "energy_characterize.hpp"
#include "energy_replay.hpp"
#include "engine_sim.hpp"
#include "gemm_operands.hpp"
#include "generate.hpp"
#include "int_gemm.hpp"
#include "rtl_array_device.hpp"
#include "synth_cache.hpp"
#include "synth_flow.hpp"
#include "verilator_build.hpp"
#include "workload_toggles.hpp"

using namespace tpe;
namespace fs = std::filesystem;

namespace {

std::string cache_dir() { return (fs::path(TPE_BINARY_DIR) / "test_energy_cache").string(); }

// Returns the relative difference replay vs gate level.
double ground_truth_difference(const std::string& config_file) {
  const EngineConfig cfg = load_engine_config(std::string(TPE_SOURCE_DIR) + "/configs/" + config_file);
  hw::CharacterizeOptions copt;
  copt.cache_dir = cache_dir();
  const hw::EnergyTable table = hw::characterize_energy(cfg, copt);

  // The test workload: real weights, a shape unlike the characterization's.
  const GemmShape shape{20, 36, 28};
  const GemmOperands ops = make_gemm_operands(cfg, shape, 2, "stories260K");
  const rtl::GeneratedRtl rtl = rtl::generate_rtl(cfg);
  hw::RtlArrayDevice rtl_dev(cfg, hw::build_verilated_library(rtl), 7);
  ResultMatrix c;
  const hw::WorkloadToggles on_rtl = hw::measure_workload_toggles(cfg, ops.a, ops.b, rtl_dev, &c);
  REQUIRE(c == int_gemm(ops.a, ops.b, cfg.a, cfg.b, cfg.acc_bits));
  auto model = make_array_model(cfg);
  const hw::WorkloadToggles on_model = hw::measure_workload_toggles(cfg, ops.a, ops.b, *model);
  REQUIRE(on_model.cycles == on_rtl.cycles);

  // Replay: the model's counters x the table, at the characterization clock.
  hw::ReplayOptions ropt;
  ropt.clock_ns = table.char_clock_ns;
  const hw::EnergyReport rep = hw::replay_energy(table, cfg, on_model.trace, shape, ropt, int64_t(on_model.pe_operand_toggle_bits),
                                                   int64_t(on_model.pe_register_toggle_bits));

  // Gate level: the whole array at the RTL run's per-top-port toggle rates.
  const hw::RtlOnDisk files = hw::rtl_on_disk(cfg, cache_dir());
  std::string top_text;
  for (const auto& f : files.files)
    if (fs::path(f).stem() == files.top) top_text = hw::read_text_file(f);
  hw::SynthRequest req;
  req.verilog_files = files.files;
  req.top = files.top;
  req.clock_period_ns = table.char_clock_ns;
  req.input_activity = 0.0;
  req.standalone_modules = false;
  req.cache_dir = cache_dir() + "/synth";
  for (const auto& [port, a] : on_rtl.top_port_activity)
    if (hw::has_input_port(top_text, port)) req.net_activities[port] = a;
  // OpenSTA 2.0.17 gives every register output the default input activity:
  // set it to the run's measured mean over all register bits; rst stays quiet.
  req.input_activity = on_rtl.reg_activity_per_cycle;
  req.net_activities["rst"] = 0.0;
  const hw::SynthReport gl = hw::synthesize(req);
  const double gate_pj = gl.power.total_mw * table.char_clock_ns * double(on_rtl.cycles);

  const double diff = (rep.array_pj - gate_pj) / gate_pj;
  std::cout << fmt::format(
      "energy ground truth {}: GEMM {} stories260K, {} cycles, {} MACs\n"
      "  register activity {:.4f} per bit per cycle\n"
      "  replay {:.1f} pJ ({:.3f} pJ/MAC)  gate level {:.1f} pJ ({:.3f} mW x {} ns x {} cycles)  difference {:+.2f}%\n",
      cfg.tag(), shape.str(), on_rtl.cycles, on_model.trace.array.macs, on_rtl.reg_activity_per_cycle, rep.array_pj, rep.array_pj_per_mac, gate_pj,
      gl.power.total_mw, table.char_clock_ns, on_rtl.cycles, 100 * diff);
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

TEST_CASE("energy: replay vs whole-array gate-level power: WS 4x4 int8 on stories260K", "[energy][groundtruth]") {
  const double diff = ground_truth_difference("systolic_ws_4x4_int8.json");
  CHECK(std::abs(diff) < 0.10);
}
