// tpe synth: area, timing and power of an engine's generated Verilog with
// Yosys and OpenSTA against the OSU 0.18 um cell library.
#include <filesystem>
#include <iostream>
#include <optional>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "hw/synth/synth_flow.hpp"
#include "hw/synth/synth_report_json.hpp"
#include "hw/synth/tech_scaling.hpp"
#include "hw/verilator/verilator_build.hpp"
#include "models/engine/engine_config.hpp"
#include "models/engine/family_registry.hpp"
#include "rtlgen/core/generate.hpp"
#include "tools/cli_common.hpp"
#include "tools/engine_synthesis.hpp"
#include "tools/command_registry.hpp"

namespace fs = std::filesystem;

namespace tpe::cli {
namespace {

void print_report(const EngineConfig& cfg, const hw::SynthReport& r, const std::vector<double>& scale_to) {
  const auto& t = r.technology;
  fmt::print("synth {}  ({})\n", r.top, r.source);
  fmt::print("  technology : {} ({:.0f} nm), {:.2f} V, corner {}\n", t.library_name, t.node_nm, t.voltage_v, t.corner);
  fmt::print("  {:<34} {:>6} {:>14} {:>14} {:>8}\n", "module", "copies", "own area um2", "total um2", "FFs");
  for (const auto& m : r.modules)
    fmt::print("  {:<34} {:>6} {:>14.0f} {:>14.0f} {:>8}\n", m.name, m.instances, m.own_area_um2, m.total_area_um2,
               m.total_ffs);
  fmt::print("  total area : {:.0f} um2 = {:.3f} mm2, {:.0f} NAND2-equivalent gates ({} = {:.1f} um2), {} flip-flops\n",
             r.total_area_um2, r.total_area_um2 / 1e6, r.nand2_equivalents, t.nand2_cell, t.nand2_area_um2,
             r.total_ffs);
  fmt::print("  timing     : whole design {:.2f} ns critical path ({} -> {}), Fmax {:.1f} MHz\n",
             r.timing.critical_path_ns, r.timing.startpoint, r.timing.endpoint, r.timing.fmax_mhz);
  if (r.has_hierarchical)
    fmt::print("               per-PE (broadcast nets buffered): Fmax {:.1f} MHz\n", r.hierarchical_fmax_mhz);
  fmt::print("  power      : at {:.1f} MHz, input activity {:.2f} toggles/cycle: dynamic {:.3f} mW, leakage {:.4f} mW, "
             "total {:.3f} mW ({:.1f} pJ/cycle)\n",
             r.power.clock_mhz, r.power.input_activity, r.power.dynamic_mw, r.power.leakage_mw, r.power.total_mw,
             r.power.energy_per_cycle_pj);
  if (r.has_hierarchical)
    fmt::print("               per-PE estimate: total {:.3f} mW (dynamic {:.3f}, leakage {:.4f})\n",
               r.hierarchical_total_mw, r.hierarchical_dynamic_mw, r.hierarchical_leakage_mw);
  const Efficiency e = efficiency(cfg, r);
  fmt::print("  efficiency : peak {:.1f} GOPS at {:.1f} MHz (1 MAC = 2 ops), area efficiency {:.2f} GOPS/mm2\n",
             e.peak_gops, e.fmax_mhz, e.gops_per_mm2);
  for (double nm : scale_to) {
    const hw::ScaledEstimate s = hw::scale_report(r, nm);
    fmt::print("  at {:.0f} nm : area {:.0f} um2, critical path {:.3f} ns (Fmax {:.0f} MHz), {:.2f} V; {}{}\n", nm,
               s.area_um2, s.critical_path_ns, s.fmax_mhz, s.factors.to_vdd, s.factors.model,
               s.factors.derived ? " (28 nm interpolated between 32 and 20 nm)" : "");
  }
  for (const auto& w : r.warnings) fmt::print("  warning    : {}\n", w);
}

nlohmann::json report_json(const EngineConfig& cfg, const hw::SynthReport& r, const std::vector<double>& scale_to) {
  nlohmann::json j = hw::to_json(r);
  const Efficiency e = efficiency(cfg, r);
  j["config"] = cfg.to_json();
  j["efficiency"] = {{"fmax_mhz", {{"value", e.fmax_mhz}, {"unit", "MHz"}}},
                     {"peak_gops", {{"value", e.peak_gops}, {"unit", "GOPS (1 MAC = 2 ops)"}}},
                     {"area_efficiency", {{"value", e.gops_per_mm2}, {"unit", "GOPS/mm2"}}}};
  nlohmann::json scaled = nlohmann::json::array();
  for (double nm : scale_to) {
    const hw::ScaledEstimate s = hw::scale_report(r, nm);
    scaled.push_back({{"node_nm", nm},
                      {"area_um2", s.area_um2},
                      {"critical_path_ns", s.critical_path_ns},
                      {"fmax_mhz", s.fmax_mhz},
                      {"vdd_v", s.factors.to_vdd},
                      {"model", s.factors.model},
                      {"source", s.factors.source},
                      {"derived", s.factors.derived}});
  }
  j["scaled"] = scaled;
  return j;
}

// Second against first, side by side, with the ratios.
void print_comparison(const EngineConfig& base_cfg, const hw::SynthReport& base, const EngineConfig& opt_cfg,
                      const hw::SynthReport& opt) {
  const Efficiency eb = efficiency(base_cfg, base), eo = efficiency(opt_cfg, opt);
  const auto& pb = base.modules.size() > 1 ? base.modules[1] : base.modules[0];
  const auto& po = opt.modules.size() > 1 ? opt.modules[1] : opt.modules[0];
  fmt::print("\ncomparison ({:.0f} nm {}, {:.2f} V; {})\n", base.technology.node_nm, base.technology.library_name,
             base.technology.voltage_v, base.source);
  fmt::print("  {:<30} {:>14} {:>14} {:>10}\n", "figure", "first", "second", "2nd/1st");
  auto row = [](const std::string& name, double b, double o, const char* unit) {
    fmt::print("  {:<30} {:>14.2f} {:>14.2f} {:>9.3f}x  {}\n", name, b, o, o / b, unit);
  };
  row("PE area", pb.total_area_um2, po.total_area_um2, "um2");
  row("array area", base.total_area_um2 / 1e6, opt.total_area_um2 / 1e6, "mm2");
  row("Fmax (per-PE, buffered nets)", eb.fmax_mhz, eo.fmax_mhz, "MHz");
  row("peak throughput", eb.peak_gops, eo.peak_gops, "GOPS");
  row("area efficiency", eb.gops_per_mm2, eo.gops_per_mm2, "GOPS/mm2");
  row("PE flip-flops", double(pb.total_ffs), double(po.total_ffs), "FFs");
}

int run_synth(const std::vector<std::string>& args) {
  po::options_description opts("tpe synth options");
  opts.add_options()("config", po::value<std::string>()->required(), "engine description (JSON)")(
      "clock-ns", po::value<double>()->default_value(10.0), "clock period for timing and power, ns")(
      "input-activity", po::value<double>()->default_value(0.1), "toggles per cycle on every data input, 0..1")(
      "scale-to", po::value<std::vector<double>>()->multitoken(),
      "also report area/delay scaled to these nodes in nm (e.g. 45 28), Stillmaker & Baas 2017")(
      "compare", po::value<std::string>(),
      "a second engine (e.g. the OPT1 variant): report both and the second/first ratios")(
      "json", "print JSON instead of the tables");
  // --activity was a rate here but an activity trace file in sim and energy: renamed.
  add_deprecated_option(opts, "activity", "input-activity", po::value<double>());
  po::variables_map vm;
  if (!parse_options("synth", "--config FILE [--clock-ns T] [--scale-to 45 28] [--compare FILE] [--json]", opts, args,
                     vm))
    return 0;
  const EngineConfig cfg = load_engine_config(vm["config"].as<std::string>());
  const double period = vm["clock-ns"].as<double>();
  double activity = vm["input-activity"].as<double>();
  if (deprecated_option_used(vm, "synth", "activity", "input-activity")) activity = vm["activity"].as<double>();
  if (!(period > 0 && period <= 1e6))
    throw std::invalid_argument(fmt::format("--clock-ns {} is out of range; allowed (0, 1e6] ns", period));
  if (!(activity >= 0 && activity <= 1))
    throw std::invalid_argument(fmt::format("--input-activity {} is out of range; allowed 0..1 toggles/cycle", activity));
  std::vector<double> scale_to;
  if (vm.count("scale-to")) scale_to = vm["scale-to"].as<std::vector<double>>();
  for (double nm : scale_to)
    if (!hw::scaling_node_supported(nm))
      throw std::invalid_argument(fmt::format("--scale-to {} nm is not a supported node; allowed 180, 130, 90, 65, "
                                              "45, 32, 28, 20, 16, 14, 10, 7", nm));
  const bool json = vm.count("json");
  std::optional<EngineConfig> other_cfg;
  if (vm.count("compare")) other_cfg = load_engine_config(vm["compare"].as<std::string>());

  const hw::SynthReport r = synthesize_config(cfg, period, activity, json || vm.count("quiet"));
  std::optional<hw::SynthReport> other;
  if (other_cfg) other = synthesize_config(*other_cfg, period, activity, json || vm.count("quiet"));
  if (json) {
    nlohmann::json j = report_json(cfg, r, scale_to);
    if (other) j = {{"first", j}, {"second", report_json(*other_cfg, *other, scale_to)}};
    std::cout << j.dump(2) << "\n";
    return 0;
  }
  print_report(cfg, r, scale_to);
  if (other) {
    fmt::print("\n");
    print_report(*other_cfg, *other, scale_to);
    print_comparison(cfg, r, *other_cfg, *other);
  }
  return 0;
}

}  // namespace
TPE_COMMAND("synth", "area, timing and power with Yosys + OpenSTA (OSU 0.18 um)", run_synth);
}  // namespace tpe::cli
