#include "workloads/layer_reference.hpp"

#include <chrono>
#include <memory>
#include <cmath>
#include <stdexcept>

#include <fmt/format.h>

#include "models/gemm/gemm_engine.hpp"
#include "models/llm/llm_metrics.hpp"
#include "models/llm/llm_model.hpp"
#include "models/llm/llm_ops.hpp"
#include "workloads/model_catalog.hpp"
#include "workloads/synthetic_tensors.hpp"

namespace tpe {
namespace {

// What one layer call needs: its input rows and, per sequence, the cache.
struct LayerInputs {
  Matrix<float> x;                // [rows][dim]
  std::vector<KvCache> caches;    // prefill: one; decode: one per sequence
};

// Runs the fp32 model over `steps` positions from `first` tokens (then greedy,
// not stopping at BOS) and returns layer `li`'s input rows and its KV cache.
struct Capture {
  Matrix<float> inputs;
  KvCache cache;
};
Capture capture_layer(const LlmModel& m, int li, std::vector<int> first, int steps) {
  auto caches = m.new_caches();
  Capture c{Matrix<float>(steps, m.arch().dim), {}};
  int token = first[0];
  for (int p = 0; p < steps; ++p) {
    StepRecord rec;
    const std::vector<float> logits = m.step(token, p, caches, reference_gemm_engine(), &rec);
    const float* in = li == 0 ? m.token_embedding().row(token) : rec.layer_out[size_t(li - 1)].data();
    std::copy(in, in + m.arch().dim, c.inputs.row(p));
    token = p + 1 < int(first.size()) ? first[size_t(p + 1)] : argmax_first(logits.data(), int(logits.size()));
  }
  c.cache = caches[size_t(li)];
  return c;
}

LayerInputs real_inputs(const LlmModel& m, int li, const PhaseSpec& ph) {
  LayerInputs in;
  if (ph.phase == Phase::Prefill) {
    Capture c = capture_layer(m, li, {kBosToken}, ph.seq);
    in.x = c.inputs;
    in.caches.emplace_back(ph.seq, m.arch().kv_dim());  // prefill fills it
    return in;
  }
  in.x = Matrix<float>(ph.batch, m.arch().dim);
  for (int b = 0; b < ph.batch; ++b) {
    Capture c = capture_layer(m, li, {kBosToken, 2 + b % (m.arch().vocab_size - 2)}, ph.ctx);
    std::copy(c.inputs.row(ph.ctx - 1), c.inputs.row(ph.ctx - 1) + m.arch().dim, in.x.row(b));
    KvCache cache(ph.ctx, m.arch().kv_dim());
    // Keep the earlier positions only; the layer under test writes position T-1.
    for (int t = 0; t + 1 < ph.ctx; ++t) {
      std::copy(c.cache.k.row(t), c.cache.k.row(t) + cache.k.cols, cache.k.row(t));
      std::copy(c.cache.v.row(t), c.cache.v.row(t) + cache.v.cols, cache.v.row(t));
    }
    in.caches.push_back(std::move(cache));
  }
  return in;
}

LayerInputs synthetic_inputs(const LlmArch& a, const PhaseSpec& ph, uint64_t seed) {
  LayerInputs in;
  const int rows = ph.phase == Phase::Prefill ? ph.seq : ph.batch;
  in.x = synthetic_activations(rows, a.dim, seed ^ 0x5eedull);
  if (ph.phase == Phase::Prefill) {
    in.caches.emplace_back(ph.seq, a.kv_dim());
  } else {
    for (int b = 0; b < ph.batch; ++b) {
      in.caches.emplace_back(ph.ctx, a.kv_dim());
      fill_synthetic_cache(in.caches.back(), ph.ctx - 1, seed * 1000003ull + uint64_t(b));
    }
  }
  return in;
}

LayerRun run_once(const LlmArch& a, const LayerWeights& w, const LinearScheme& s, int li, const PhaseSpec& ph,
                  LayerInputs in, Matrix<float>& out) {
  const DecoderLayer layer(a, w, s, li);
  const auto t0 = std::chrono::steady_clock::now();
  out = in.x;
  if (ph.phase == Phase::Prefill)
    layer.prefill(out, 0, in.caches[0], reference_gemm_engine());
  else
    layer.decode(out, ph.ctx - 1, in.caches, reference_gemm_engine());
  LayerRun r;
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  r.checksum = float_bits_checksum(out.data);
  for (float v : out.data) {
    r.sum += v;
    r.mean_abs += std::fabs(v);
  }
  r.mean_abs /= double(out.data.size());
  return r;
}

}  // namespace

LayerRefResult run_layer_reference(const LayerRefSpec& spec) {
  const LinearScheme* scheme_p = &find_scheme(spec.scheme);
  std::unique_ptr<LinearScheme> bound;  // a calibrating scheme bound to the real model's activations
  const LinearScheme& fp32 = find_scheme("fp32");
  LayerRefResult res;
  res.arch = find_model(spec.model);
  const LlmArch& a = res.arch;
  validate_phase(a, spec.phase);
  if (spec.layer < 0 || spec.layer >= a.n_layers)
    throw std::invalid_argument(
        fmt::format("--layer {} is out of range for {}; allowed 0..{}", spec.layer, a.name, a.n_layers - 1));
  const Workload wl = make_workload(a, spec.phase, scheme_p->name());
  res.macs = wl.layer_macs();
  res.rows = spec.phase.phase == Phase::Prefill ? spec.phase.seq : spec.phase.batch;

  LayerWeights w;
  LayerInputs in;
  if (a.name == "stories260K") {
    const std::string path = spec.checkpoint.empty() ? default_stories260k_path() : spec.checkpoint;
    const LlamaCheckpoint ck = load_llama2c_checkpoint(path);
    const LlmArch from_file = arch_from_header(ck.header, a.name);
    if (from_file.dim != a.dim || from_file.hidden_dim != a.hidden_dim || from_file.n_layers != a.n_layers ||
        from_file.n_heads != a.n_heads || from_file.n_kv_heads != a.n_kv_heads)
      throw std::runtime_error(fmt::format("{}: header (dim {}, hidden {}, {} layers, {}/{} heads) is not stories260K's",
                                           path, from_file.dim, from_file.hidden_dim, from_file.n_layers,
                                           from_file.n_heads, from_file.n_kv_heads));
    w = from_llama2c(ck.layers[size_t(spec.layer)]);
    // Calibrated methods (AWQ, GPTQ, ...) calibrate on the checkpoint's own fp32 model, as in
    // `tpe run-model`; on a synthetic catalog model they use their bare-matrix calibration.
    if (scheme_p->needs_calibration()) {
      bound = scheme_p->bind(collect_calibration(ck, CalibrationOptions{}));
      scheme_p = bound.get();
    }
    const LlmModel model(ck, fp32, a.name);
    in = real_inputs(model, spec.layer, spec.phase);
    res.weights_source = "real (" + path + ")";
    res.activations_source = "real: captured from an fp32 run of the model on its greedy sequence";
  } else {
    w = synthetic_layer_weights(a, spec.layer, spec.seed);
    in = synthetic_inputs(a, spec.phase, spec.seed);
    res.weights_source = fmt::format("synthetic N(0, {}^2), seed {}", a.init_std, spec.seed);
    res.activations_source =
        fmt::format("synthetic N(0,1) with {} outlier channels x20, seed {}", std::max(2, a.dim / 512), spec.seed);
  }
  const LinearScheme& scheme = *scheme_p;
  Matrix<float> out_s, out_f;
  res.scheme_run = run_once(a, w, scheme, spec.layer, spec.phase, in, out_s);
  if (scheme.name() == "fp32") {
    res.fp32_run = res.scheme_run;
    out_f = out_s;
  } else {
    res.fp32_run = run_once(a, w, fp32, spec.layer, spec.phase, std::move(in), out_f);
  }
  SqnrMeter m;
  m.add(out_f.data.data(), out_s.data.data(), out_f.data.size());
  res.sqnr_db = m.db();
  res.max_abs_error = m.max_abs_error();
  return res;
}

}  // namespace tpe
