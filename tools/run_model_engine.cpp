#include "tools/run_model_engine.hpp"

#include <chrono>
#include <iostream>
#include <map>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "hw/verilator/rtl_array_device.hpp"
#include "hw/verilator/verilator_build.hpp"
#include "models/engine/family_registry.hpp"
#include "rtlgen/core/generate.hpp"
#include "models/gemm/gemm_engine.hpp"
#include "sim/workload/model_on_engine.hpp"
#include "tools/engine_figures.hpp"

namespace tpe::cli {
namespace {

struct Tally {
  uint64_t cycles = 0;
  double macs = 0;
  int64_t gemms = 0;
  ActivityTrace trace;
  void add(const GemmRecord& g) {
    cycles += g.cycles;
    macs += g.macs;
    ++gemms;
    accumulate(trace, g.activity);
  }
};

// Records the integer GEMMs a scheme asks for, to refuse a scheme the engine
// cannot run before any simulation (and to refuse fp32, which has none).
class FormatProbe final : public IntGemmEngine {
 public:
  explicit FormatProbe(const EngineConfig& cfg) : cfg_(cfg) {}
  ResultMatrix gemm(const OperandMatrix& a, const OperandMatrix& b, const IntFormat& fa, const IntFormat& fb,
                    int acc_bits) override {
    ++count;
    const std::string p = engine_format_problem(cfg_, fa, fb, acc_bits);
    if (!p.empty() && problem.empty())
      problem = fmt::format("'{}' asks for A {} x B {} with a {}-bit accumulator: {}", scope_, fa.tag(), fb.tag(),
                            acc_bits, p);
    return reference_gemm_engine().gemm(a, b, fa, fb, acc_bits);
  }
  const char* name() const override { return "probe"; }
  void set_scope(const std::string& s) override { scope_ = s; }
  int count = 0;
  std::string problem;

 private:
  const EngineConfig& cfg_;
  std::string scope_;
};

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace

int run_model_on_engine(const LlamaCheckpoint& ck, const std::string& model_path, const LinearScheme& scheme,
                        const EngineRunOptions& o) {
  const EngineConfig cfg = load_engine_config(o.config_path);
  const FamilySpec& spec = *family_of(cfg).spec;
  const int peak = spec.peak_macs_per_cycle(cfg);
  const LlmModel model(ck, scheme, "checkpoint");

  {  // One step on the reference with a probe: formats the scheme needs.
    FormatProbe probe(cfg);
    auto caches = model.new_caches();
    model.step(kBosToken, 0, caches, probe);
    if (probe.count == 0)
      throw std::invalid_argument(fmt::format(
          "scheme '{}' has no integer GEMM (its linear layers run in floating point): nothing runs on the engine; "
          "pick an integer scheme such as w8a8, w4a8 or ternary",
          scheme.name()));
    if (!probe.problem.empty())
      throw std::invalid_argument(fmt::format("engine {} ({}) cannot run scheme '{}': {}; choose an engine whose "
                                              "operand formats and accumulator cover the scheme's",
                                              cfg.tag(), o.config_path, scheme.name(), probe.problem));
  }
  EngineFigures fig = engine_figures(cfg, o.config_path, o.characterize, o.clock_mhz);
  if (o.fast) no_energy_for_closed_form(fig);

  auto t0 = std::chrono::steady_clock::now();
  const GreedyRun ref = greedy_decode(model, o.steps, reference_gemm_engine());
  const double ref_s = seconds_since(t0);
  SimGemmEngine engine(cfg, o.fast ? SimFidelity::ClosedForm : SimFidelity::CycleModel);
  // --rtl-steps: the Verilated RTL of the engine next to the model for the
  // first steps; every GEMM of those steps must agree in values and cycles.
  std::unique_ptr<hw::RtlArrayDevice> rtl;
  double rtl_build_s = 0;
  if (o.rtl_steps > 0) {
    if (o.fast) throw std::invalid_argument("--rtl-steps needs the cycle model: drop --fast");
    const auto tb = std::chrono::steady_clock::now();
    const rtl::GeneratedRtl gen = rtl::generate_rtl(cfg);
    hw::VerilatorBuildOptions bo;
    bo.progress = [](const std::string& s) { std::cerr << "rtl: " << s << "\n"; };
    rtl = std::make_unique<hw::RtlArrayDevice>(cfg, hw::build_verilated_library(gen, bo), 1);
    rtl_build_s = seconds_since(tb);
  }
  t0 = std::chrono::steady_clock::now();
  const EngineModelRun run = greedy_decode_on_engine(model, o.steps, engine, [&](int pos) {
    engine.set_second_device(rtl && pos < o.rtl_steps ? rtl.get() : nullptr);
  });
  const double sim_s = seconds_since(t0);
  const bool same = run.tokens == ref.tokens && run.stopped_at_bos == ref.stopped_at_bos;

  // Totals, per step, per layer, per GEMM kind.
  Tally total;
  std::map<int, Tally> per_layer;
  std::map<std::string, Tally> per_kind;
  nlohmann::json steps = nlohmann::json::array();
  const double f_hz = fig.clock_mhz * 1e6;
  for (const EngineStep& st : run.steps) {
    Tally t;
    for (const GemmRecord& g : st.gemms) {
      t.add(g);
      total.add(g);
      per_layer[scope_layer(g.scope)].add(g);
      per_kind[scope_kind(g.scope)].add(g);
    }
    nlohmann::json s = {{"pos", st.pos},       {"input_token", st.input_token}, {"next_token", st.next_token},
                        {"gemms", t.gemms},    {"cycles", t.cycles},            {"macs", uint64_t(t.macs)},
                        {"utilization", t.macs / (double(t.cycles) * peak)}};
    if (f_hz > 0) s["time_s"] = double(t.cycles) / f_hz;
    if (auto e = replay(fig, cfg, t.trace, double(t.macs))) s["energy_pj"] = e->total_pj;
    steps.push_back(s);
  }
  const double n_steps = double(run.steps.size());
  auto tally_json = [&](const Tally& t) {
    nlohmann::json j = {{"gemms", t.gemms},
                        {"cycles", t.cycles},
                        {"macs", uint64_t(t.macs)},  // a count: an integer in the JSON
                        {"utilization", t.macs / (double(t.cycles) * peak)},
                        {"cycle_share", double(t.cycles) / double(total.cycles)}};
    if (auto e = replay(fig, cfg, t.trace, double(t.macs))) j["energy_pj"] = e->total_pj;
    return j;
  };
  nlohmann::json layers = nlohmann::json::object(), kinds = nlohmann::json::object();
  for (const auto& [l, t] : per_layer) layers[l < 0 ? "classifier" : fmt::format("layer {}", l)] = tally_json(t);
  for (const auto& [k, t] : per_kind) kinds[k] = tally_json(t);
  const std::optional<hw::EnergyReport> energy = replay(fig, cfg, total.trace, double(total.macs));

  nlohmann::json j;
  j["model"] = model_path;
  j["scheme"] = scheme.name();
  j["engine"] = {{"config", o.config_path}, {"tag", cfg.tag()}, {"family", cfg.family},
                 {"peak_macs_per_cycle", peak}, {"pe_count", spec.pe_count(cfg)}};
  j["fidelity"] = o.fast ? "closed-form cycles (values from the reference)" : "cycle model (SystemC), values checked";
  j["reference_tokens"] = ref.tokens;
  j["engine_tokens"] = run.tokens;
  j["tokens_match_reference"] = same;
  j["steps"] = steps;
  j["per_token"] = {{"cycles", double(total.cycles) / n_steps}, {"macs", total.macs / n_steps},
                    {"utilization", total.macs / (double(total.cycles) * peak)}};
  if (f_hz > 0) {
    j["clock_mhz"] = fig.clock_mhz;
    j["clock_source"] = fig.clock_source;
    j["per_token"]["time_s"] = double(total.cycles) / n_steps / f_hz;
    j["tokens_per_second"] = n_steps * f_hz / double(total.cycles);
  }
  if (energy) {
    j["per_token"]["energy_pj"] = energy->total_pj / n_steps;
    // Per MAC of the GEMM shapes (the report's energy_per_mac is the same
    // figure: replay counts the useful MACs, not the padded ones).
    j["energy_pj_per_useful_mac"] = energy->total_pj / total.macs;
    j["energy"] = hw::to_json(*energy);
  } else {
    j["energy_note"] = fig.energy_note;
  }
  j["per_layer"] = layers;
  j["per_kind"] = kinds;
  j["wall_s"] = {{"reference", ref_s}, {"engine", sim_s}};
  int rtl_gemms = 0, rtl_steps_done = 0;
  for (const EngineStep& st : run.steps) {
    bool all = !st.gemms.empty();
    for (const GemmRecord& g : st.gemms) {
      rtl_gemms += g.second_device_checked;
      all = all && g.second_device_checked;
    }
    rtl_steps_done += all;
  }
  if (o.rtl_steps > 0)
    j["rtl"] = {{"steps", rtl_steps_done}, {"gemms", rtl_gemms}, {"build_wall_s", rtl_build_s},
                {"equal_values_and_cycles", true}};

  if (o.json) {
    std::cout << j.dump() << "\n";
    return same ? 0 : 3;
  }
  std::string out;
  out += fmt::format("engine  {} ({}), peak {} MACs/cycle; {}\n", cfg.tag(), o.config_path, peak, j["fidelity"].get<std::string>());
  out += fmt::format("scheme  {} on {}: {} steps, {} GEMMs on the engine, {:.2f} s wall ({:.3f} s reference)\n",
                     scheme.name(), model_path, run.steps.size(), total.gemms, sim_s, ref_s);
  out += fmt::format("tokens  {}\n", fmt::join(run.tokens, " "));
  out += fmt::format("        {} the reference run of {}\n", same ? "bit-identical to" : "DIFFER from", scheme.name());
  if (o.rtl_steps > 0)
    out += fmt::format("rtl     the first {} steps ({} GEMMs) also on the Verilated RTL in lockstep: values and cycles "
                       "equal to the model's (RTL build {:.1f} s)\n",
                       rtl_steps_done, rtl_gemms, rtl_build_s);
  const bool has_t = f_hz > 0;
  out += fmt::format("\n{:>4} {:>6} {:>6} {:>10} {:>10} {:>7} {:>11} {:>12}\n", "pos", "in", "next", "cycles",
                     "MACs", "util", "time (us)", "energy (nJ)");
  for (const auto& s : steps)
    out += fmt::format("{:>4} {:>6} {:>6} {:>10} {:>10.0f} {:>6.1f}% {:>11} {:>12}\n", s["pos"].get<int>(),
                       s["input_token"].get<int>(), s["next_token"].get<int>(), s["cycles"].get<uint64_t>(),
                       s["macs"].get<double>(), 100 * s["utilization"].get<double>(),
                       has_t ? fmt::format("{:.3f}", s["time_s"].get<double>() * 1e6) : "-",
                       s.contains("energy_pj") ? fmt::format("{:.3f}", s["energy_pj"].get<double>() / 1e3) : "-");
  out += fmt::format("\nper token: {:.0f} cycles, {:.0f} MACs, utilization {:.1f} % of {} MACs/cycle\n",
                     j["per_token"]["cycles"].get<double>(), j["per_token"]["macs"].get<double>(),
                     100 * j["per_token"]["utilization"].get<double>(), peak);
  if (has_t)
    out += fmt::format("           {:.3f} us at {:.1f} MHz ({}), {:.0f} tokens/s\n",
                       j["per_token"]["time_s"].get<double>() * 1e6, fig.clock_mhz, fig.clock_source,
                       j["tokens_per_second"].get<double>());
  else
    out += "           time and tokens/s: no clock (no energy table with an Fmax; give --clock-mhz F)\n";
  if (energy)
    out += fmt::format("           energy {:.3f} nJ/token ({:.2f} pJ per useful MAC, array only; {})\n",
                       energy->total_pj / n_steps / 1e3, energy->total_pj / total.macs, energy->technology);
  else
    out += fmt::format("           energy: {}\n", fig.energy_note);
  auto table = [&](const char* what, const nlohmann::json& rows) {
    out += fmt::format("\n{:<12} {:>7} {:>12} {:>12} {:>7} {:>7} {:>12}\n", what, "GEMMs", "cycles", "MACs", "util",
                       "cycles%", "energy (nJ)");
    for (const auto& [k, r] : rows.items())
      out += fmt::format("{:<12} {:>7} {:>12} {:>12.0f} {:>6.1f}% {:>6.1f}% {:>12}\n", k, r["gemms"].get<int64_t>(),
                         r["cycles"].get<uint64_t>(), r["macs"].get<double>(), 100 * r["utilization"].get<double>(),
                         100 * r["cycle_share"].get<double>(),
                         r.contains("energy_pj") ? fmt::format("{:.3f}", r["energy_pj"].get<double>() / 1e3) : "-");
  };
  table("layer", layers);
  table("GEMM kind", kinds);
  std::cout << out;
  return same ? 0 : 3;
}

}  // namespace tpe::cli
