// tpe compare-paper: the seed paper's comparison of optimized against baseline
// PEs on its four classic architectures, reproduced with our own engines:
// each pair synthesized (area, per-PE Fmax: GOPS/mm2) and run on the same real
// stories260K layer tile (energy replayed from gate-level characterization:
// TOPS/W), with the paper's ratios beside ours. Slow the first time
// (synthesis and gate-level characterization of every engine); cached after.
#include <algorithm>
#include <filesystem>
#include <iostream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "hw/compare/paper_rows.hpp"
#include "hw/energy/energy_characterize.hpp"
#include "hw/energy/energy_replay.hpp"
#include "hw/energy/energy_transfer.hpp"
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
  hw::EngineFigures fig;
  double area_um2 = 0, fmax_mhz = 0, gops_per_mm2 = 0, tops_per_w = 0, pj_per_mac = 0;
  std::string technology, energy_from;
  // The replay with a table characterized on the array itself, when one is
  // in the cache (the check of the small-array carry-over); 0 otherwise.
  double full_size_pj_per_mac = 0;
};

double replayed_pj_per_mac(const hw::EnergyTable& table, const EngineConfig& cfg, const GemmShape& shape,
                           const std::string& source, double* tops_per_w, std::string* technology,
                           hw::EngineFigures* fig = nullptr) {
  const GemmOperands ops = make_gemm_operands(cfg, shape, 1, source);
  auto model = make_array_model(cfg);
  const hw::WorkloadToggles run = hw::measure_workload_toggles(cfg, ops.a, ops.b, *model);
  const hw::EnergyReport rep = hw::replay_energy(table, cfg, run.trace, shape, {}, &run.toggles.bits);
  if (tops_per_w) *tops_per_w = rep.array_tops_per_w;
  if (technology) *technology = rep.technology;
  if (fig) {
    fig->layer_macs = rep.macs;
    fig->layer_cycles = rep.cycles;
  }
  return rep.array_pj_per_mac;
}

// `energy_cfg`: the array the energy table is characterized on (the same PE,
// smaller: hw/energy/energy_transfer); the engine itself when it is `cfg`.
Measured measure(const EngineConfig& cfg, const EngineConfig& energy_cfg, const GemmShape& shape,
                 const std::string& source, bool quiet) {
  Measured m;
  const hw::SynthReport r = synthesize_config(cfg, 10.0, 0.1, quiet);
  const Efficiency e = efficiency(cfg, r);
  m.area_um2 = r.total_area_um2;
  m.fmax_mhz = e.fmax_mhz;
  m.gops_per_mm2 = e.gops_per_mm2;
  hw::CharacterizeOptions copt;
  if (!quiet) copt.progress = [](const std::string& s) { std::cerr << s << "\n"; };
  hw::EnergyTable table = hw::characterize_energy(energy_cfg, copt);
  m.energy_from = energy_cfg.tag();
  if (energy_cfg.tag() != cfg.tag()) {
    const hw::SynthReport small = synthesize_config(energy_cfg, 10.0, 0.1, quiet);
    table = hw::transfer_energy_table(table, {energy_cfg.tag(), cfg.tag(), small.modules.at(0).own_area_um2,
                                              r.modules.at(0).own_area_um2, r.total_area_um2});
    if (const auto full = hw::cached_energy_table(cfg, copt))
      m.full_size_pj_per_mac = replayed_pj_per_mac(*full, cfg, shape, source, nullptr, nullptr);
  }
  m.pj_per_mac = replayed_pj_per_mac(table, cfg, shape, source, &m.tops_per_w, &m.technology, &m.fig);
  m.fig.area_um2 = m.area_um2;
  m.fig.fmax_mhz = m.fmax_mhz;
  m.fig.peak_macs_per_cycle = family_of(cfg).spec->peak_macs_per_cycle(cfg);
  m.fig.pe_count = double(cfg.pe_count());
  m.fig.tops_per_w = m.tops_per_w;
  // The PE: the module with one copy per PE (the largest such, for the
  // families whose PE holds submodules of its own).
  for (size_t i = 1; i < r.modules.size(); ++i)  // modules[0] is the top
    if (r.modules[i].instances == long(cfg.pe_count()))
      m.fig.pe_area_um2 = std::max(m.fig.pe_area_um2, r.modules[i].total_area_um2);
  return m;
}

nlohmann::json to_json(const Measured& m, const EngineConfig& cfg) {
  nlohmann::json j = {{"config", cfg.tag()},          {"area_um2", m.area_um2},         {"fmax_mhz", m.fmax_mhz},
                      {"gops_per_mm2", m.gops_per_mm2}, {"tops_per_w", m.tops_per_w}, {"pj_per_mac", m.pj_per_mac},
                      {"energy_characterized_on", m.energy_from}};
  if (m.full_size_pj_per_mac > 0) j["full_size_characterization_pj_per_mac"] = m.full_size_pj_per_mac;
  j["gops_per_mm2_at_layer"] = hw::gops_per_mm2(m.fig, true);  // what equal_throughput rows compare
  j["layer_macs"] = m.fig.layer_macs;
  j["layer_cycles"] = m.fig.layer_cycles;
  j["peak_macs_per_cycle"] = m.fig.peak_macs_per_cycle;
  j["pe_area_um2"] = m.fig.pe_area_um2;
  return j;
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
  for (size_t index = 0; index < spec.at("rows").size(); ++index) {
    const nlohmann::json& row = spec.at("rows")[index];
    const std::string arch = row.at("architecture");
    if (vm.count("only") && arch.find(vm["only"].as<std::string>()) == std::string::npos) continue;
    nlohmann::json out = {{"architecture", arch},
                          {"paper_area_eff_ratio", row.at("paper_area_eff_ratio")},
                          {"paper_energy_eff_ratio", row.at("paper_energy_eff_ratio")}};
    try {
      const EngineConfig base = load_engine_config((root / row.at("baseline").get<std::string>()).string());
      const EngineConfig opt = load_engine_config((root / row.at("optimized").get<std::string>()).string());
      const hw::RowKind kind = hw::row_kind(row, spec_path, index);
      hw::check_row_sizing(kind, base, opt, spec_path, index);
      out["kind"] = hw::to_string(kind);
      if (!json) fmt::print(stderr, "compare-paper: {} ({} vs {})\n", arch, base.tag(), opt.tag());
      // The energy tables come from a smaller array of the same PE when the
      // row names one ("baseline_energy", "optimized_energy").
      auto energy_of = [&](const char* field, const EngineConfig& c) {
        return row.contains(field) ? load_engine_config((root / row.at(field).get<std::string>()).string()) : c;
      };
      const EngineConfig base_e = energy_of("baseline_energy", base), opt_e = energy_of("optimized_energy", opt);
      const Measured b = measure(base, base_e, shape, source, json), o = measure(opt, opt_e, shape, source, json);
      out["status"] = "measured";
      out["baseline"] = to_json(b, base);
      out["optimized"] = to_json(o, opt);
      const hw::RowRatios ratio = hw::row_ratios(kind, b.fig, o.fig);
      out["area_eff_ratio"] = ratio.area_eff;
      out["energy_eff_ratio"] = ratio.energy_eff;
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
    // The paper gives no energy figure for the equal-area rows: "-".
    auto x = [](const nlohmann::json& v) { return v.is_number() ? fmt::format("{:.2f}x", v.get<double>()) : "-"; };
    fmt::print("{:<36} {:>10} {:>10} {:>10} {:>10}   {:.0f} -> {:.0f} um2, {:.1f} -> {:.1f} MHz, "
               "{:.4f} -> {:.4f} TOPS/W\n",
               r["architecture"].get<std::string>(), x(r["area_eff_ratio"]), x(r["paper_area_eff_ratio"]),
               x(r["energy_eff_ratio"]), x(r["paper_energy_eff_ratio"]), r["baseline"]["area_um2"].get<double>(),
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
