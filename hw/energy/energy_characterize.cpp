#include "hw/energy/energy_characterize.hpp"

#include <algorithm>
#include <set>
#include <filesystem>
#include <unistd.h>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "hw/energy/energy_fit.hpp"
#include "hw/energy/family_energy.hpp"
#include "hw/energy/workload_toggles.hpp"
#include "models/engine/family_registry.hpp"
#include "hw/gatelevel/gate_level_model.hpp"
#include "hw/synth/synth_cache.hpp"
#include "hw/synth/synth_flow.hpp"
#include "hw/verilator/verilator_build.hpp"
#include "models/gemm/gemm_operands.hpp"
#include "models/util/atomic_file.hpp"
#include "rtlgen/core/generate.hpp"

namespace fs = std::filesystem;

namespace tpe::hw {
namespace {

constexpr const char* kFlowVersion = "tpe-energy-characterize-9-family-actions";

void say(const CharacterizeOptions& o, const std::string& s) {
  if (o.progress) o.progress(s);
}

}  // namespace

namespace {

// One gate-level run's energies, split into the PEs and the top's own cells,
// with the idle run's clock and leakage taken out.
struct RunEnergy {
  std::string name;
  GateLevelRun run;
  double pe_dynamic_pj = 0, top_dynamic_pj = 0;
};

RunEnergy measure(const GateLevelDesign& d, const std::string& name, const OperandMatrix& a, const OperandMatrix& b,
                  const GateLevelRun& idle, const std::string& work_dir) {
  RunEnergy r;
  r.name = name;
  r.run = run_gate_level(d, a, b, work_dir + "/" + name);
  const double T = d.clock_ns, cycles = double(r.run.cycles);
  const double idle_top_mw = idle.power.top_own.total_mw;
  const double idle_pe_mw = idle.power.total.total_mw - idle_top_mw;
  r.top_dynamic_pj = (r.run.power.top_own.total_mw - idle_top_mw) * T * cycles;
  r.pe_dynamic_pj = (r.run.power.total.total_mw - r.run.power.top_own.total_mw - idle_pe_mw) * T * cycles;
  return r;
}

std::string residuals(const std::vector<RunEnergy>& runs, const std::vector<double>& res, const std::vector<double>& e) {
  std::string s;
  for (size_t i = 0; i < res.size(); ++i)
    s += fmt::format("{}{} {:+.1f}%", i ? ", " : "", runs[i].name, e[i] != 0 ? 100.0 * res[i] / e[i] : 0.0);
  return s;
}

}  // namespace

namespace {
// Where the table of (cfg, opt) lives in the cache; the key covers the
// config, its RTL, the workload, the flow and the tools.
struct TableLocation {
  std::string cache, key;
  fs::path table_path;
  RtlOnDisk rtl;
  SynthRequest pe;
};

TableLocation table_location(const EngineConfig& cfg, const CharacterizeOptions& opt) {
  TableLocation t;
  t.cache = opt.cache_dir.empty() ? default_cache_dir() + "/energy" : opt.cache_dir;
  fs::create_directories(t.cache);
  t.rtl = rtl_on_disk(cfg, t.cache);
  SynthRequest& pe = t.pe;
  pe.verilog_files = t.rtl.pe_files;  // the PE and its submodules
  pe.top = t.rtl.pe_module;
  pe.clock_period_ns = opt.clock_ns;
  pe.input_activity = 0.0;
  pe.standalone_modules = false;
  pe.cache_dir = t.cache + "/synth";
  ContentHash h;
  h.add(kFlowVersion).add(cfg.tag()).add(fs::path(t.rtl.pe_file).parent_path().filename().string());
  h.add(opt.workload.str()).add(opt.source).add(double(opt.seed)).add(opt.clock_ns);
  h.add(synth_cache_key(pe));  // tools, liberty and flow settings
  const FamilyEnergy& fam = *family_of(cfg).energy;
  if (fam.table_version() != 1) h.add(double(fam.table_version()));  // version 1 keeps the keys of before
  t.key = h.hex();
  t.table_path = fs::path(t.cache) / (cfg.tag() + "-" + t.key + ".json");
  return t;
}
}  // namespace

std::optional<EnergyTable> cached_energy_table(const EngineConfig& cfg, const CharacterizeOptions& opt) {
  const TableLocation t = table_location(cfg, opt);
  if (!fs::exists(t.table_path)) return std::nullopt;
  return energy_table_from_json(nlohmann::json::parse(read_text_file(t.table_path)));
}

EnergyTable characterize_energy(const EngineConfig& cfg, const CharacterizeOptions& opt) {
  const TableLocation loc = table_location(cfg, opt);
  const std::string& cache = loc.cache;
  const RtlOnDisk& rtl = loc.rtl;
  const SynthRequest& pe = loc.pe;
  const std::string& key = loc.key;
  const fs::path& table_path = loc.table_path;
  const FamilyEnergy& fam = *family_of(cfg).energy;
  if (fs::exists(table_path)) return energy_table_from_json(nlohmann::json::parse(read_text_file(table_path)));

  GateLevelOptions gopt;
  gopt.cache_dir = cache;
  gopt.clock_ns = opt.clock_ns;
  gopt.progress = opt.progress;
  const GateLevelDesign d = prepare_gate_level(cfg, gopt);
  const std::string work = cache + "/gate-runs/" + cfg.tag() + "-" + key;
  const std::vector<PricedAction> pe_actions = fam.pe_actions(cfg), top_actions = fam.top_actions(cfg);

  const GemmOperands ops = make_gemm_operands(cfg, opt.workload, opt.seed, opt.source);
  const GemmShape short_k = fam.corner_shape(cfg, opt.workload);
  const GemmOperands corner = make_gemm_operands(cfg, short_k, opt.seed + 1, opt.source);
  const std::vector<CharacterizationRun> plan = fam.characterization_runs(cfg, ops.a, ops.b, corner.a, corner.b);

  say(opt, "energy: gate-level idle run of " + d.top);
  const GateLevelRun idle = run_gate_level_idle(d, 256, work + "/idle");
  std::vector<RunEnergy> runs;
  for (const auto& r : plan) {
    say(opt, fmt::format("energy: gate-level run '{}' of {} ({} x {} x {}; bit-exact check, per-net toggles, OpenSTA)",
                         r.name, d.top, r.a.rows, r.a.cols, r.b.cols));
    runs.push_back(measure(d, r.name, r.a, r.b, idle, work));
  }
  auto counts = [](const RunEnergy& r, const std::vector<PricedAction>& actions) {
    std::vector<double> row;
    for (const auto& a : actions) row.push_back(count_of(a.count, r.run.workload.trace, r.run.workload.toggles));
    return row;
  };
  for (const auto& r : runs) {
    std::string line = fmt::format("energy:   run {}: {} cycles", r.name, r.run.cycles);
    for (const auto* list : {&pe_actions, &top_actions})
      for (const auto& a : *list)
        line += fmt::format(", {} {:.0f}", a.count, count_of(a.count, r.run.workload.trace, r.run.workload.toggles));
    say(opt, line + fmt::format("; above idle: PEs {:.0f} pJ, top {:.0f} pJ", r.pe_dynamic_pj, r.top_dynamic_pj));
  }
  // PE actions: least squares over every run of the PEs' dynamic energy.
  std::vector<std::vector<double>> pe_counts;
  std::vector<double> pe_energy;
  for (const auto& r : runs) {
    pe_counts.push_back(counts(r, pe_actions));
    pe_energy.push_back(r.pe_dynamic_pj);
  }
  const EnergyFit pe_fit = fit_action_energies(pe_counts, pe_energy);
  // Top actions: the runs the family marks for it (those with real activations).
  std::vector<std::vector<double>> top_counts;
  std::vector<double> top_energy;
  std::vector<RunEnergy> top_runs;
  for (size_t i = 0; i < runs.size(); ++i) {
    if (!plan[i].fit_top) continue;
    top_counts.push_back(counts(runs[i], top_actions));
    top_energy.push_back(runs[i].top_dynamic_pj);
    top_runs.push_back(runs[i]);
  }
  const EnergyFit top_fit = fit_action_energies(top_counts, top_energy);

  say(opt, "energy: stand-alone PE " + rtl.pe_module + " for the hierarchical Fmax");
  const SynthReport p_alone = synthesize(pe);

  const double T = opt.clock_ns;
  const double pes = double(cfg.pe_count());
  const RunEnergy& layer = runs.front();
  const WorkloadToggles& tog = layer.run.workload;
  const uint64_t layer_macs = tog.trace.macs();
  EnergyTable t;
  t.config_tag = cfg.tag();
  t.key = key;
  t.node_nm = d.synth.technology.node_nm;
  t.voltage_v = d.synth.technology.voltage_v;
  t.corner = d.synth.technology.corner;
  t.library = d.synth.technology.library_name;
  t.tools = d.synth.source + "; Verilator gate-level simulation of the netlist";
  t.workload = fmt::format("{} GEMM {} seed {} ({}): {} cycles, {} MACs", opt.source, opt.workload.str(), opt.seed,
                           ops.description, tog.cycles, layer_macs);
  t.char_clock_ns = T;
  t.activity_rates = tog.toggles.rates;
  t.activity_figures = tog.toggles.figures;

  const std::string gl = fmt::format(
      "gate-level netlist of {} simulated (Verilator, bit-exact vs the reference), every cell pin at its net's "
      "measured toggle rate, OpenSTA at T = {} ns; ",
      d.top, T);
  std::string run_names;
  for (const auto& r : runs) run_names += (run_names.empty() ? "" : ", ") + r.name;
  const std::string pe_fit_src =
      gl + fmt::format("least squares over the runs ({}) of the PEs' energy above idle; residuals {}", run_names,
                       residuals(runs, pe_fit.residual, pe_energy));
  const std::string top_fit_src =
      gl + fmt::format("least squares over the runs with data of the top's own cells above idle; residuals {}",
                       residuals(top_runs, top_fit.residual, top_energy));
  auto clamp_note = [](const EnergyFit& f, size_t k) {
    return f.clamped[k] ? " (the unconstrained fit was negative: set to 0)" : "";
  };
  const double idle_top_dyn = idle.power.top_own.internal_mw + idle.power.top_own.switching_mw;
  const double idle_pe_dyn = idle.power.total.internal_mw + idle.power.total.switching_mw - idle_top_dyn;
  t.actions["pe_idle_dynamic"] = {idle_pe_dyn * T / pes, "pJ", "PE-cycle",
                                  gl + "256 quiet cycles after reset: (P_dyn - P_top,dyn) x T / PEs (clock and "
                                       "register internal power)"};
  t.actions["pe_leakage"] = {(idle.power.total.leakage_mw - idle.power.top_own.leakage_mw) / pes, "mW", "PE",
                             gl + "leakage of the PEs, quiet, per PE"};
  t.actions["mac"] = {std::max(0.0, layer.pe_dynamic_pj) / double(std::max<uint64_t>(layer_macs, 1)), "pJ", "MAC",
                      gl + "the PEs' energy above idle on the layer / its MACs (at the layer's data activity)"};
  for (size_t k = 0; k < pe_actions.size(); ++k)
    t.actions[pe_actions[k].action] = {pe_fit.per_action[k], "pJ", pe_actions[k].per, pe_fit_src + clamp_note(pe_fit, k)};
  t.actions["top_idle_dynamic"] = {idle_top_dyn * T, "pJ", "cycle", gl + "top's own cells, 256 quiet cycles: P_dyn x T"};
  t.actions["top_leakage"] = {idle.power.top_own.leakage_mw, "mW", "array", gl + "top's own cells: leakage"};
  for (size_t k = 0; k < top_actions.size(); ++k)
    t.actions[top_actions[k].action] = {top_fit.per_action[k], "pJ", top_actions[k].per,
                                        top_fit_src + clamp_note(top_fit, k)};
  t.area = {d.synth.total_area_um2, "um2", "array", "Yosys cell area of the whole array (liberty area attribute)"};
  t.fmax = {p_alone.timing.fmax_mhz, "MHz", "clock",
            "hierarchical Fmax: the PE's stand-alone critical path (broadcast nets buffered; top-level "
            "register paths not included, docs/synthesis.md)"};

  write_file_atomically(table_path.string(), to_json(t).dump(2) + "\n");
  // The runs' pin-activity scripts and OpenSTA logs (tens of MB at 16x16)
  // are only worth keeping when something failed.
  std::error_code ec;
  fs::remove_all(work, ec);
  return t;
}

}  // namespace tpe::hw
