#include "hw/energy/energy_characterize.hpp"

#include <algorithm>
#include <filesystem>
#include <unistd.h>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "hw/energy/energy_fit.hpp"
#include "hw/energy/workload_toggles.hpp"
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

constexpr const char* kFlowVersion = "tpe-energy-characterize-8-gate-level";

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

EnergyTable characterize_energy(const EngineConfig& cfg, const CharacterizeOptions& opt) {
  const std::string cache = opt.cache_dir.empty() ? default_cache_dir() + "/energy" : opt.cache_dir;
  fs::create_directories(cache);
  const RtlOnDisk rtl = rtl_on_disk(cfg, cache);

  SynthRequest pe;
  pe.verilog_files = {rtl.pe_file};
  pe.top = rtl.pe_module;
  pe.clock_period_ns = opt.clock_ns;
  pe.input_activity = 0.0;
  pe.standalone_modules = false;
  pe.cache_dir = cache + "/synth";

  ContentHash h;
  h.add(kFlowVersion).add(cfg.tag()).add(fs::path(rtl.pe_file).parent_path().filename().string());
  h.add(opt.workload.str()).add(opt.source).add(double(opt.seed)).add(opt.clock_ns);
  h.add(synth_cache_key(pe));  // tools, liberty and flow settings
  const std::string key = h.hex();
  const fs::path table_path = fs::path(cache) / (cfg.tag() + "-" + key + ".json");
  if (fs::exists(table_path)) return energy_table_from_json(nlohmann::json::parse(read_text_file(table_path)));

  GateLevelOptions gopt;
  gopt.cache_dir = cache;
  gopt.clock_ns = opt.clock_ns;
  gopt.progress = opt.progress;
  const GateLevelDesign d = prepare_gate_level(cfg, gopt);
  const std::string work = cache + "/gate-runs/" + cfg.tag() + "-" + key;
  const bool os = cfg.dataflow == Dataflow::OutputStationary;

  // The runs, all real data (random operands toggle unlike any LLM layer and
  // spoil the fit): the characterization layer; the same layer with every
  // operand zero (what a MAC costs whatever the data); a corner of it with
  // half the rows and a short K (other toggle mix, few skew writes per
  // read-out, fewer MACs per weight load); for WS the layer with zero
  // activations (weight loads alone).
  const GemmOperands ops = make_gemm_operands(cfg, opt.workload, opt.seed, opt.source);
  // K = rows: one full fold (a partial fold would stream through zero
  // padding weights, which no real layer of K >> rows does much of).
  const GemmShape short_k{std::max(1, opt.workload.m / 2), std::min(cfg.rows, opt.workload.k), opt.workload.n};
  const GemmOperands corner = make_gemm_operands(cfg, short_k, opt.seed + 1, opt.source);
  const OperandMatrix zero_a(ops.a.rows, ops.a.cols, 0), zero_b(ops.b.rows, ops.b.cols, 0);

  say(opt, "energy: gate-level idle run of " + d.top);
  const GateLevelRun idle = run_gate_level_idle(d, 256, work + "/idle");
  std::vector<RunEnergy> runs;
  say(opt, fmt::format("energy: gate-level run of {} on {} {} (bit-exact check, per-net toggles, OpenSTA)", d.top,
                       opt.source, opt.workload.str()));
  runs.push_back(measure(d, "layer", ops.a, ops.b, idle, work));
  say(opt, "energy: gate-level run with zero operands");
  runs.push_back(measure(d, "zero", zero_a, zero_b, idle, work));
  say(opt, "energy: gate-level run on the layer's " + short_k.str() + " corner");
  runs.push_back(measure(d, "short-K", corner.a, corner.b, idle, work));
  if (!os) {
    say(opt, "energy: gate-level run with zero activations (weight loads)");
    runs.push_back(measure(d, "weights", zero_a, ops.b, idle, work));
  }

  for (const auto& r : runs) {
    const auto& w = r.run.workload;
    say(opt, fmt::format("energy:   run {}: {} cycles, {} MACs, {} operand / {} register bit toggles, {} weight bits "
                         "loaded ({} toggles), {} skew bits, {} read-outs; above idle: PEs {:.0f} pJ, top {:.0f} pJ",
                         r.name, r.run.cycles, w.trace.array.macs, w.pe_operand_toggle_bits, w.pe_register_toggle_bits,
                         w.trace.array.weight_load_bits, w.pe_weight_toggle_bits, w.trace.array.skew_reg_write_bits, w.trace.array.acc_readouts,
                         r.pe_dynamic_pj, r.top_dynamic_pj));
  }
  // PE actions: least squares over the runs of the PEs' dynamic energy.
  std::vector<std::vector<double>> pe_counts;
  std::vector<double> pe_energy;
  for (const auto& r : runs) {
    const auto& w = r.run.workload;
    std::vector<double> row = {double(w.trace.array.macs), double(w.pe_operand_toggle_bits),
                               double(w.pe_register_toggle_bits)};
    if (!os) row.push_back(double(w.pe_weight_toggle_bits));
    pe_counts.push_back(row);
    pe_energy.push_back(r.pe_dynamic_pj);
  }
  const EnergyFit pe_fit = fit_action_energies(pe_counts, pe_energy);
  // Top actions: the runs with activations (zero ones write skew registers
  // that never toggle; the replay prices written bits at real data's average).
  std::vector<std::vector<double>> top_counts;
  std::vector<double> top_energy;
  std::vector<RunEnergy> top_runs;
  for (const auto& r : runs) {
    if (r.name == "zero" || r.name == "weights") continue;
    const auto& a = r.run.workload.trace.array;
    top_counts.push_back(os ? std::vector<double>{double(a.skew_reg_write_bits), double(a.acc_readouts)}
                            : std::vector<double>{double(a.skew_reg_write_bits)});
    top_energy.push_back(r.top_dynamic_pj);
    top_runs.push_back(r);
  }
  const EnergyFit top_fit = fit_action_energies(top_counts, top_energy);

  say(opt, "energy: stand-alone PE " + rtl.pe_module + " for the hierarchical Fmax");
  const SynthReport p_alone = synthesize(pe);

  const double T = opt.clock_ns;
  const double pes = double(cfg.pe_count());
  const RunEnergy& layer = runs.front();
  const WorkloadToggles& tog = layer.run.workload;
  EnergyTable t;
  t.config_tag = cfg.tag();
  t.key = key;
  t.node_nm = d.synth.technology.node_nm;
  t.voltage_v = d.synth.technology.voltage_v;
  t.corner = d.synth.technology.corner;
  t.library = d.synth.technology.library_name;
  t.tools = d.synth.source + "; Verilator gate-level simulation of the netlist";
  t.workload = fmt::format("{} GEMM {} seed {} ({}): {} cycles, {} MACs", opt.source, opt.workload.str(), opt.seed,
                           ops.description, tog.cycles, tog.trace.array.macs);
  t.char_clock_ns = T;
  t.pe_mac_activity = tog.pe_mac_activity;
  t.pe_load_activity = tog.pe_load_activity;
  t.top_port_activity = tog.top_port_activity;
  t.pe_reg_activity_per_mac = tog.pe_reg_activity_per_mac;
  t.reg_activity_per_cycle = tog.reg_activity_per_cycle;

  const std::string gl = fmt::format(
      "gate-level netlist of {} simulated (Verilator, bit-exact vs the reference), every cell pin at its net's "
      "measured toggle rate, OpenSTA at T = {} ns; ",
      d.top, T);
  const std::string pe_fit_src =
      gl + fmt::format("least squares over the runs (layer, zero operands, layer {}{}) of the PEs' energy above "
                       "idle; residuals {}",
                       short_k.str(), os ? "" : ", zero activations", residuals(runs, pe_fit.residual, pe_energy));
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
  t.actions["mac"] = {std::max(0.0, layer.pe_dynamic_pj) / double(std::max<uint64_t>(tog.trace.array.macs, 1)), "pJ",
                      "MAC", gl + "the PEs' energy above idle on the layer / its MACs (at the layer's data activity)"};
  t.actions["mac_base"] = {pe_fit.per_action[0], "pJ", "MAC", pe_fit_src + clamp_note(pe_fit, 0)};
  t.actions["pe_operand_toggle_bit"] = {pe_fit.per_action[1], "pJ", "bit toggle", pe_fit_src + clamp_note(pe_fit, 1)};
  t.actions["pe_register_toggle_bit"] = {pe_fit.per_action[2], "pJ", "bit toggle",
                                         pe_fit_src + clamp_note(pe_fit, 2)};
  t.actions["weight_load_bit"] = {0.0, "pJ", "bit",
                                  os ? "OS arrays load no weights"
                                     : "a loaded weight bit costs what its register toggles: pe_weight_toggle_bit"};
  t.actions["pe_weight_toggle_bit"] =
      os ? EnergyFigure{0.0, "pJ", "bit toggle", "OS arrays load no weights"}
         : EnergyFigure{pe_fit.per_action[3], "pJ", "bit toggle", pe_fit_src + clamp_note(pe_fit, 3)};
  t.actions["top_idle_dynamic"] = {idle_top_dyn * T, "pJ", "cycle", gl + "top's own cells, 256 quiet cycles: P_dyn x T"};
  t.actions["top_leakage"] = {idle.power.top_own.leakage_mw, "mW", "array", gl + "top's own cells: leakage"};
  t.actions["skew_reg_write_bit"] = {top_fit.per_action[0], "pJ", "bit", top_fit_src + clamp_note(top_fit, 0)};
  t.actions["acc_readout"] =
      os ? EnergyFigure{top_fit.per_action[1], "pJ", "value", top_fit_src + clamp_note(top_fit, 1)}
         : EnergyFigure{0.0, "pJ", "value",
                        "WS read-out is the output de-skew and output register: priced in skew_reg_write_bit"};
  t.actions["operand_forward"] = {
      0.0, "pJ", "value", "no wire-load model in this flow: the receiving PE's input net is priced in its toggles"};
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
