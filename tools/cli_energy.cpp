// tpe energy: energy of a run from its activity trace and the configuration's
// per-action energy table (characterized on first use, then cached).
#include <iostream>
#include <memory>
#include <optional>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "hw/energy/energy_characterize.hpp"
#include "hw/energy/energy_replay.hpp"
#include "hw/energy/event_stream.hpp"
#include "hw/synth/synth_cache.hpp"
#include "models/engine/engine_config.hpp"
#include "models/util/atomic_file.hpp"
#include "models/util/progress.hpp"
#include "tools/cli_common.hpp"
#include "tools/command_registry.hpp"

namespace tpe::cli {
namespace {

int run_energy(const std::vector<std::string>& args) {
  po::options_description opts("tpe energy options");
  opts.add_options()("activity", po::value<std::string>(), "activity trace (JSON, tpe sim --activity)")(
      "events", po::value<std::string>(), "per-cycle event stream (tpe sim --events) instead of --activity")(
      "config", po::value<std::string>()->required(), "engine description (JSON) the trace was made with")(
      "json", "print one JSON object instead of the table")(
      "sram-kib", po::value<double>()->default_value(0), "price buffer traffic as an SRAM of this many KiB (0: off; 1..65536)")(
      "dram", po::value<std::string>()->default_value(""), "price compulsory DRAM traffic: HBM2, LPDDR4, DDR4 (or others in "
                                                          "the memory table)")(
      "clock-ns", po::value<double>()->default_value(0), "clock period for power and idle energy in ns (0: hierarchical Fmax; else at least the critical path)")(
      "cache-dir", po::value<std::string>()->default_value(""), "energy tables and synthesis runs (default "
                                                                "$TPE_CACHE_DIR/energy)")(
      "table", "also print the per-action energy table");
  // --trace was the activity trace here but a text trace in tpe sim: renamed.
  add_deprecated_option(opts, "trace", "activity", po::value<std::string>());
  po::variables_map vm;
  if (!parse_options("energy", "--activity FILE --config FILE [--json] [--sram-kib N] [--dram HBM2|LPDDR4]", opts, args,
                     vm))
    return 0;
  std::optional<std::string> activity_path;
  if (vm.count("activity")) activity_path = vm["activity"].as<std::string>();
  if (deprecated_option_used(vm, "energy", "trace", "activity")) activity_path = vm["trace"].as<std::string>();
  const EngineConfig cfg = load_engine_config(vm["config"].as<std::string>());
  if (bool(activity_path) == bool(vm.count("events")))
    throw std::runtime_error("energy: give exactly one of --activity, --events");
  // Options checked before any work (a characterization takes minutes).
  const double sram_kib = vm["sram-kib"].as<double>(), clock_ns = vm["clock-ns"].as<double>();
  if (!(sram_kib == 0 || (sram_kib >= 1 && sram_kib <= 65536)))
    throw std::runtime_error(fmt::format("--sram-kib has value {}; allowed: 0 (no SRAM) or 1..65536 KiB", sram_kib));
  if (!(clock_ns == 0 || (clock_ns >= 0.1 && clock_ns <= 1e6)))
    throw std::runtime_error(
        fmt::format("--clock-ns has value {}; allowed: 0 (the engine's Fmax) or 0.1..1000000 ns (10 GHz..1 kHz)", clock_ns));
  hw::ActivityDocument doc;
  if (activity_path) {
    const std::string trace_path = *activity_path;
    doc = hw::parse_activity_trace(read_text_file(trace_path), trace_path);
    hw::check_trace_matches(doc, cfg);  // refuses with the reason before any synthesis
  } else {
    const std::string path = vm["events"].as<std::string>();
    const hw::EventStream ev = hw::read_event_stream(path);
    if (ev.config_tag != cfg.tag())
      throw std::runtime_error(fmt::format("events refused: {} was made for config '{}', not '{}'", path,
                                           ev.config_tag, cfg.tag()));
    doc.config_tag = ev.config_tag;
    doc.gemm = ev.gemm;
    doc.trace = hw::totals_to_trace(hw::replay_event_stream(ev));
    hw::check_activity_consistent(doc.trace, doc.gemm, cfg, path);
  }

  hw::CharacterizeOptions copt;
  copt.cache_dir = vm["cache-dir"].as<std::string>();
  // On a terminal the characterization's steps become the progress line's
  // stage; elsewhere they are printed one per line (not with --json, --quiet).
  auto progress = std::make_unique<Progress>("energy " + cfg.tag(), 0, "", true);
  if (Progress::shown())
    copt.progress = [&](const std::string& s) { progress->set_stage(s); };
  else if (!vm.count("json") && !vm.count("quiet"))
    copt.progress = [](const std::string& s) { std::cerr << s << "\n"; };
  const hw::EnergyTable table = hw::characterize_energy(cfg, copt);
  progress.reset();  // the line is erased before the report

  // A clock faster than the netlist's critical path is not a clock it can run at.
  const double critical_ns = 1000.0 / table.fmax.value;
  if (clock_ns != 0 && clock_ns < critical_ns)
    throw std::runtime_error(fmt::format("--clock-ns has value {}; allowed: 0 or >= {:.3f} ns, the critical path of {} "
                                         "(Fmax {:.1f} MHz)", clock_ns, critical_ns, cfg.tag(), table.fmax.value));
  hw::ReplayOptions ropt;
  ropt.clock_ns = clock_ns;
  ropt.sram_kib = sram_kib;
  ropt.dram = vm["dram"].as<std::string>();
  const hw::EnergyReport rep =
      hw::replay_energy(table, cfg, doc.trace, doc.gemm, ropt, doc.toggles ? &*doc.toggles : nullptr);
  if (vm.count("json")) {
    nlohmann::json j = hw::to_json(rep);
    if (vm.count("table")) j["energy_table"] = hw::to_json(table);
    std::cout << j.dump(2) << "\n";
    return 0;
  }
  std::string out;
  if (vm.count("table")) {
    out += fmt::format("energy table {} ({} nm {}, {}; {})\n  characterized on {}\n", table.config_tag,
                       table.node_nm, table.library, table.corner, table.tools, table.workload);
    for (const auto& [k, f] : table.actions)
      out += fmt::format("  {:<24} {:>12.5g} {} per {}\n", k, f.value, f.unit, f.per);
    out += fmt::format("  {:<24} {:>12.0f} um2\n  {:<24} {:>12.1f} MHz\n", "area", table.area.value, "fmax",
                       table.fmax.value);
  }
  out += hw::format_report(rep);
  std::cout << out;
  return 0;
}

}  // namespace
TPE_COMMAND("energy", "energy, power and efficiency of a run from its activity trace", run_energy);
}  // namespace tpe::cli
