#include "tools/sweep_point.hpp"

#include <fmt/format.h>

#include "models/engine/engine_config.hpp"
#include "models/engine/family_registry.hpp"
#include "models/formats/operands.hpp"
#include "models/llm/llama2c_checkpoint.hpp"
#include "models/quant/quant_scheme.hpp"
#include "sim/workload/layer_on_engine.hpp"
#include "sim/workload/model_on_engine.hpp"
#include "tools/engine_figures.hpp"
#include "workloads/model_catalog.hpp"

namespace tpe::cli {
namespace {

struct Measured {
  double cycles = 0, macs = 0;
  double tokens = 0;  // tokens the cycles produce (0: a plain GEMM)
  ActivityTrace trace;
};

Measured measure(const SweepSpec& spec, const nlohmann::json& w, const EngineConfig& cfg) {
  LayerRunOptions lo;
  lo.fidelity = spec.cycles_fidelity == "closed_form" ? SimFidelity::ClosedForm : SimFidelity::CycleModel;
  lo.seed = spec.seed;
  Measured m;
  if (w.contains("gemm")) {
    const GemmShape s = parse_gemm_shape(w["gemm"].get<std::string>());
    GemmOp op{"gemm", "gemm", s.m, s.k, s.n, 1, "", ""};
    const OpOnEngine r = run_op_on_engine(cfg, op, lo, spec.seed);
    m.cycles = double(r.cycles());
    m.macs = s.macs();
    m.trace = r.activity;
  } else if (w.contains("model")) {
    PhaseSpec ph;
    ph.phase = parse_phase(w.value("phase", std::string("decode")));
    ph.seq = w.value("seq", 128);
    ph.batch = w.value("batch", 1);
    ph.ctx = w.value("ctx", 1024);
    const LlmArch& arch = find_model(w["model"].get<std::string>());
    const Workload wl = make_workload(arch, ph, "fp32");
    const LayerOnEngine r = run_layer_on_engine(cfg, wl, lo);
    // The whole model: layers x one layer + lm_head.
    m.cycles = double(r.layer_cycles()) * arch.n_layers + double(r.lm_head.cycles());
    m.macs = r.layer_macs() * arch.n_layers + r.lm_head.op.macs();
    m.tokens = ph.phase == Phase::Prefill ? ph.seq : ph.batch;
    ActivityTrace layer;
    for (const OpOnEngine& o : r.layer) accumulate(layer, scaled(o.activity, uint64_t(o.op.count)));
    accumulate(m.trace, scaled(layer, uint64_t(arch.n_layers)));
    accumulate(m.trace, r.lm_head.activity);
  } else {
    const std::string path = w["checkpoint"].get<std::string>() == "stories260K" ? default_stories260k_path()
                                                                                  : w["checkpoint"].get<std::string>();
    static const LlamaCheckpoint ck = load_llama2c_checkpoint(path);
    const LlmModel model(ck, find_scheme(w.value("scheme", std::string("w8a8"))), "checkpoint");
    SimGemmEngine eng(cfg, lo.fidelity);
    const EngineModelRun run = greedy_decode_on_engine(model, w.value("steps", 4), eng);
    for (const EngineStep& st : run.steps)
      for (const GemmRecord& g : st.gemms) {
        m.cycles += double(g.cycles);
        m.macs += g.macs;
        accumulate(m.trace, g.activity);
      }
    m.tokens = double(run.steps.size());
  }
  return m;
}

}  // namespace

nlohmann::json evaluate_point(const SweepSpec& spec, const SweepPoint& p) {
  nlohmann::json r = {{"id", p.id},
                      {"index", p.index},
                      {"varied", p.varied},
                      {"description", p.description},
                      {"workload", p.workload}};
  EngineConfig cfg;
  try {
    cfg = parse_engine_config(p.description.dump(), p.id);
  } catch (const std::exception& e) {
    r["status"] = "invalid";
    r["message"] = e.what();
    return r;
  }
  try {
    const FamilySpec& fs = *family_of(cfg).spec;
    r["tag"] = cfg.tag();
    const Measured m = measure(spec, p.workload, cfg);
    const int peak = fs.peak_macs_per_cycle(cfg);
    EngineFigures fig;
    if (spec.synthesis) fig = engine_figures(cfg, p.id, true, 0);
    const double mhz = fig.clock_mhz;  // 0 without synthesis
    nlohmann::json out;
    for (const std::string& name : spec.metrics) {
      nlohmann::json v;
      if (name == "cycles") v = m.cycles;
      else if (name == "macs") v = m.macs;
      else if (name == "utilization") v = m.macs / (m.cycles * peak);
      else if (name == "pe_count") v = fs.pe_count(cfg);
      else if (name == "peak_macs_per_cycle") v = peak;
      else if (name == "time_s" || name == "tokens_per_s") {
        const double f = mhz > 0 ? mhz : p.workload.value("clock_mhz", 1000.0);
        const double t = m.cycles / (f * 1e6);
        v = name == "time_s" ? t : (m.tokens > 0 ? m.tokens / t : 0.0);
      } else if (fig.table) {
        const double area = fig.table->area.value * 1e-6;  // um2 -> mm2
        const double seconds = m.cycles / (fig.clock_mhz * 1e6);
        if (name == "area_mm2") v = area;
        else if (name == "fmax_mhz") v = fig.clock_mhz;
        else if (name == "tops_per_mm2") v = 2.0 * m.macs / seconds / 1e12 / area;
        else {  // energy: replay of the run's activity (the cycle model's counters)
          const std::optional<hw::EnergyReport> e = replay(fig, cfg, m.trace, double(m.macs));
          if (name == "energy_pj") v = e->total_pj;
          else if (name == "energy_per_token_pj") v = m.tokens > 0 ? e->total_pj / m.tokens : e->total_pj;
          // Useful operations (2 per MAC of the GEMM shapes): the array's
          // "mac" counter the replay divides by also counts padded MACs.
          else if (name == "tops_per_w") v = 2.0 * m.macs / (e->total_pj * 1e-12) / 1e12;
        }
      }
      out[name] = v;
    }
    r["metrics"] = out;
    r["status"] = "ok";
  } catch (const ConfigError& e) {
    r["status"] = "invalid";
    r["message"] = e.what();
  } catch (const std::invalid_argument& e) {
    // The point's workload is out of range for it (e.g. a batch the model
    // refuses) or the fidelity does not apply (no closed form): not a failure.
    r["status"] = "invalid";
    r["message"] = e.what();
  } catch (const std::exception& e) {
    r["status"] = "error";
    r["message"] = e.what();
  }
  return r;
}

}  // namespace tpe::cli
