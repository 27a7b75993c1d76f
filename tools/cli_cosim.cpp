// tpe cosim: reference vs SystemC model vs Verilated RTL on one GEMM.
#include <iostream>
#include <memory>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "hw/verilator/cosim.hpp"
#include "models/engine/engine_config.hpp"
#include "models/engine/family_registry.hpp"
#include "models/util/output_file.hpp"
#include "models/util/progress.hpp"
#include "tools/cli_common.hpp"
#include "tools/command_registry.hpp"

namespace tpe::cli {
namespace {

int run_cosim_cmd(const std::vector<std::string>& args) {
  po::options_description opts("tpe cosim options");
  opts.add_options()("config", po::value<std::string>()->required(), "engine description (JSON)")(
      "gemm", po::value<std::string>()->required(), "GEMM shape MxKxN")(
      "seed", po::value<uint64_t>()->default_value(1), "seed of the random operands and of the RTL's X-initialization")(
      "weights", po::value<std::string>()->default_value("random"),
      "operand source: random, stories260K (real weights, quantized to the configured formats), extremes (the formats' minimum and maximum) or normal:SIGMA (round(N(0, SIGMA^2)) clamped to the formats)")(
      "trace-dir", po::value<std::string>(), "write model.trace and rtl.trace (one line per cycle) here")(
      "wave", po::value<std::string>(),
      "write the RTL's waveform (VCD, every signal) to this file and the model's port values for the same "
      "edges to FILE.model.vcd (sc_trace); GTKWave opens both (docs/systemc.md)")(
      "json", "print one JSON object instead of the table");
  add_max_cycles_option(opts);
  po::variables_map vm;
  if (!parse_options("cosim", "--config FILE --gemm MxKxN [--seed S] [--weights stories260K] [--wave FILE] [--json]", opts, args, vm))
    return 0;
  hw::CosimRequest req;
  req.cfg = load_engine_config(vm["config"].as<std::string>());
  req.shape = parse_gemm_shape(vm["gemm"].as<std::string>());
  req.seed = vm["seed"].as<uint64_t>();
  req.operands = vm["weights"].as<std::string>();
  if (vm.count("trace-dir")) req.trace_dir = vm["trace-dir"].as<std::string>();
  // Waveforms are written by Verilator and sc_trace under temporary names
  // beside their targets and renamed into place once the run has ended
  // (both files are closed by then): a failed or interrupted run leaves no
  // partial waveform, and a target that is not a regular file is refused.
  std::string wave;
  std::unique_ptr<StagedOutput> rtl_wave, model_wave;
  if (vm.count("wave")) {
    wave = vm["wave"].as<std::string>();
    rtl_wave = std::make_unique<StagedOutput>(wave, "--wave", ".vcd");
    model_wave = std::make_unique<StagedOutput>(hw::model_wave_path(wave), "--wave", ".vcd");
    req.wave = rtl_wave->temp_path();
    req.model_wave = model_wave->temp_path();
  }
  const bool json = vm.count("json");
  if (!vm.count("quiet")) req.progress = [](const std::string& line) { fmt::print(stderr, "cosim: {}\n", line); };
  const uint64_t max_cycles = max_cycles_of(vm);
  req.max_cycles = max_cycles ? max_cycles + kMaxCyclesSlack : 0;  // as in sim
  const std::optional<uint64_t> closed_form = family_of(req.cfg).spec->closed_form_cycles(req.cfg, req.shape);
  Progress progress("cosim " + req.shape.str(), closed_form ? double(*closed_form) : 0.0, "cycles");
  req.on_cycles = [&](uint64_t cycles) { progress.update(double(cycles)); };
  const hw::CosimResult r = hw::run_cosim(req);
  if (max_cycles && (!r.completed || r.cycles_model > max_cycles || r.cycles_rtl > max_cycles))
    fail_max_cycles(max_cycles, r.cycles_estimate);
  if (rtl_wave) {
    rtl_wave->commit();
    model_wave->commit();
  }
  if (json) {
    std::cout << r.to_json(req).dump() << "\n";
  } else {
    fmt::print("cosim {}  GEMM {} ({:.0f} MACs)\n", r.top, req.shape.str(), r.macs);
    fmt::print("  operands           : {}\n", r.operands);
    fmt::print("  reference vs model : {}\n", r.model_matches_reference ? "bit-exact" : "MISMATCH");
    fmt::print("  reference vs RTL   : {}\n", r.rtl_matches_reference ? "bit-exact" : "MISMATCH");
    if (r.first_mismatch)
      fmt::print("  first mismatch     : {} C[{}][{}] = {}, reference {}\n", r.first_mismatch->view, r.first_mismatch->row,
                 r.first_mismatch->col, r.first_mismatch->got, r.first_mismatch->expected);
    fmt::print("  cycles             : model {}, RTL {}, closed-form estimate {} -> {}\n", r.cycles_model, r.cycles_rtl,
               r.cycles_estimate ? std::to_string(*r.cycles_estimate) : std::string("(none)"), r.cycles_equal() ? "equal" : "DIFFERENT");
    if (!r.completed) fmt::print("  simulation hit its cycle bound before the controller finished\n");
    fmt::print("  time               : RTL build {:.1f} s, lockstep simulation {:.3f} s\n", r.build_seconds, r.sim_seconds);
    if (!wave.empty())
      fmt::print("  waveforms          : RTL {}, model {} (edge n at n ns, n = 0 the reset edge)\n", wave,
                 hw::model_wave_path(wave));
    fmt::print("  RESULT             : {}\n", r.pass() ? "PASS" : "FAIL");
  }
  return r.pass() ? 0 : 3;
}

}  // namespace
TPE_COMMAND("cosim", "co-simulate reference, SystemC model and Verilated RTL on one GEMM", run_cosim_cmd);
}  // namespace tpe::cli
