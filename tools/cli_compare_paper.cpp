// tpe compare-paper: the seed paper's comparison of optimized against baseline
// PEs on its four classic architectures, reproduced with our own engines:
// each pair synthesized (area, per-PE Fmax: GOPS/mm2) and run on the same real
// stories260K layer tile (energy replayed from gate-level characterization:
// TOPS/W), with the paper's ratios beside ours. Slow the first time
// (synthesis and gate-level characterization of every engine); cached after.
#include <filesystem>
#include <iostream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "hw/energy/energy_characterize.hpp"
#include "hw/energy/energy_replay.hpp"
#include "hw/energy/workload_toggles.hpp"
#include "models/engine/family_registry.hpp"
#include "models/engine/strict_json.hpp"
#include "models/gemm/gemm_operands.hpp"
#include "models/util/atomic_file.hpp"
#include "models/util/data_path.hpp"
#include "sim/core/family_sim.hpp"
#include "tools/cli_common.hpp"
#include "tools/command_registry.hpp"
#include "tools/engine_synthesis.hpp"

namespace fs = std::filesystem;

namespace tpe::cli {
namespace {

struct Measured {
  double area_um2 = 0, fmax_mhz = 0, gops_per_mm2 = 0, tops_per_w = 0, pj_per_mac = 0;
  std::string technology;
};

Measured measure(const EngineConfig& cfg, const GemmShape& shape, const std::string& source, bool quiet) {
  Measured m;
  const hw::SynthReport r = synthesize_config(cfg, 10.0, 0.1, quiet);
  const Efficiency e = efficiency(cfg, r);
  m.area_um2 = r.total_area_um2;
  m.fmax_mhz = e.fmax_mhz;
  m.gops_per_mm2 = e.gops_per_mm2;
  hw::CharacterizeOptions copt;
  if (!quiet) copt.progress = [](const std::string& s) { std::cerr << s << "\n"; };
  const hw::EnergyTable table = hw::characterize_energy(cfg, copt);
  const GemmOperands ops = make_gemm_operands(cfg, shape, 1, source);
  auto model = make_array_model(cfg);
  const hw::WorkloadToggles run = hw::measure_workload_toggles(cfg, ops.a, ops.b, *model);
  const hw::EnergyReport rep = hw::replay_energy(table, cfg, run.trace, shape, {}, &run.toggles.bits);
  m.tops_per_w = rep.array_tops_per_w;
  m.pj_per_mac = rep.array_pj_per_mac;
  m.technology = rep.technology;
  return m;
}

int run_compare_paper(const std::vector<std::string>& args) {
  po::options_description opts("tpe compare-paper options");
  opts.add_options()("spec", po::value<std::string>()->default_value(data_file("configs/paper/comparison.json")),
                     "the comparison: architectures, engine pairs (paths relative to the repository that holds "
                     "the spec under configs/paper/), the paper's ratios")(
      "only", po::value<std::string>(), "run only the rows whose architecture contains this text")(
      "json", "print one JSON object");
  po::variables_map vm;
  if (!parse_options("compare-paper", "[--spec FILE] [--only TEXT] [--json]", opts, args, vm)) return 0;
  const std::string spec_path = vm["spec"].as<std::string>();
  // Strict: a row or field given twice is refused, not silently replaced.
  const nlohmann::json spec = parse_json_strict(read_text_file(spec_path), spec_path);
  const fs::path root = fs::absolute(spec_path).parent_path().parent_path().parent_path();
  const GemmShape shape = parse_gemm_shape(spec.at("workload").at("gemm").get<std::string>());
  const std::string source = spec.at("workload").at("source").get<std::string>();
  const bool json = vm.count("json");
  nlohmann::json rows = nlohmann::json::array();
  bool all = true;
  for (const auto& row : spec.at("rows")) {
    const std::string arch = row.at("architecture");
    if (vm.count("only") && arch.find(vm["only"].as<std::string>()) == std::string::npos) continue;
    nlohmann::json out = {{"architecture", arch},
                          {"paper_area_eff_ratio", row.at("paper_area_eff_ratio")},
                          {"paper_energy_eff_ratio", row.at("paper_energy_eff_ratio")}};
    try {
      const EngineConfig base = load_engine_config((root / row.at("baseline").get<std::string>()).string());
      const EngineConfig opt = load_engine_config((root / row.at("optimized").get<std::string>()).string());
      if (!json) fmt::print(stderr, "compare-paper: {} ({} vs {})\n", arch, base.tag(), opt.tag());
      const Measured b = measure(base, shape, source, json), o = measure(opt, shape, source, json);
      out["status"] = "measured";
      out["baseline"] = {{"config", base.tag()}, {"area_um2", b.area_um2}, {"fmax_mhz", b.fmax_mhz},
                         {"gops_per_mm2", b.gops_per_mm2}, {"tops_per_w", b.tops_per_w}, {"pj_per_mac", b.pj_per_mac}};
      out["optimized"] = {{"config", opt.tag()}, {"area_um2", o.area_um2}, {"fmax_mhz", o.fmax_mhz},
                          {"gops_per_mm2", o.gops_per_mm2}, {"tops_per_w", o.tops_per_w}, {"pj_per_mac", o.pj_per_mac}};
      out["area_eff_ratio"] = o.gops_per_mm2 / b.gops_per_mm2;
      out["energy_eff_ratio"] = o.tops_per_w / b.tops_per_w;
      out["technology"] = b.technology;
    } catch (const std::exception& e) {
      // A pair that cannot be built is reported, never replaced by a number.
      out["status"] = "unavailable";
      out["reason"] = e.what();
      all = false;
    }
    rows.push_back(out);
  }
  if (json) {
    std::cout << nlohmann::json{{"workload", spec.at("workload")}, {"source", spec.at("source")}, {"rows", rows}}.dump(2)
              << "\n";
    return all ? 0 : 3;
  }
  fmt::print("optimized vs baseline PE, {} GEMM {} (array only; area efficiency = GOPS/mm2 at the per-PE Fmax, "
             "energy efficiency = TOPS/W on the tile at that clock)\n",
             source, shape.str());
  fmt::print("{:<36} {:>10} {:>10} {:>10} {:>10}   {}\n", "architecture", "area eff", "paper", "energy eff", "paper",
             "baseline -> optimized");
  for (const auto& r : rows) {
    if (r["status"] != "measured") {
      fmt::print("{:<36} unavailable: {}\n", r["architecture"].get<std::string>(), r["reason"].get<std::string>());
      continue;
    }
    fmt::print("{:<36} {:>9.2f}x {:>9.2f}x {:>9.2f}x {:>9.2f}x   {:.0f} -> {:.0f} um2, {:.1f} -> {:.1f} MHz, "
               "{:.4f} -> {:.4f} TOPS/W\n",
               r["architecture"].get<std::string>(), r["area_eff_ratio"].get<double>(),
               r["paper_area_eff_ratio"].get<double>(), r["energy_eff_ratio"].get<double>(),
               r["paper_energy_eff_ratio"].get<double>(), r["baseline"]["area_um2"].get<double>(),
               r["optimized"]["area_um2"].get<double>(), r["baseline"]["fmax_mhz"].get<double>(),
               r["optimized"]["fmax_mhz"].get<double>(), r["baseline"]["tops_per_w"].get<double>(),
               r["optimized"]["tops_per_w"].get<double>());
  }
  if (!rows.empty() && rows[0].contains("technology")) fmt::print("technology: {}\n", rows[0]["technology"].get<std::string>());
  return all ? 0 : 3;
}

}  // namespace
TPE_COMMAND("compare-paper", "the seed paper's optimized-vs-baseline comparison on our engines", run_compare_paper);
}  // namespace tpe::cli
