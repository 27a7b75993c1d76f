#include "models/llm/llm_model.hpp"

#include <algorithm>
#include <stdexcept>

#include <fmt/format.h>

#include "models/llm/llm_ops.hpp"

namespace tpe {

LlmArch arch_from_header(const LlamaHeader& h, const std::string& name) {
  LlmArch a;
  a.name = name;
  a.dim = h.dim;
  a.hidden_dim = h.hidden_dim;
  a.n_layers = h.n_layers;
  a.n_heads = h.n_heads;
  a.n_kv_heads = h.n_kv_heads;
  a.vocab_size = h.vocab_size;
  a.seq_len = h.seq_len;
  a.source = "llama2.c checkpoint header";
  validate_arch(a);
  return a;
}

LlmModel::LlmModel(const LlamaCheckpoint& ck, const LinearScheme& scheme_in, const std::string& name, bool fast,
                   const CalibrationOptions& calib)
    : arch_(arch_from_header(ck.header, name)),
      bound_(scheme_in.needs_calibration() ? std::shared_ptr<const LinearScheme>(
                                                 scheme_in.bind(collect_calibration(ck, calib)))
                                           : nullptr),
      scheme_(bound_ ? bound_.get() : &scheme_in),
      embedding_(ck.token_embedding),
      final_norm_(ck.rms_final) {
  const LinearScheme& scheme = *scheme_;
  if (int(ck.layers.size()) != arch_.n_layers)
    throw std::invalid_argument(
        fmt::format("{}: checkpoint has {} layers, header says n_layers = {}", name, ck.layers.size(), arch_.n_layers));
  if (int(final_norm_.size()) != arch_.dim)
    throw std::invalid_argument(fmt::format("{}: rms_final has {} entries, expected dim = {}", name,
                                            final_norm_.size(), arch_.dim));
  layers_.reserve(ck.layers.size());
  for (int i = 0; i < arch_.n_layers; ++i)
    layers_.emplace_back(arch_, from_llama2c(ck.layers[size_t(i)]), scheme, i, fast);
  classifier_ = LlmLinear("classifier", ck.classifier, {}, scheme, fast);
}

std::vector<KvCache> LlmModel::new_caches() const {
  return std::vector<KvCache>(size_t(arch_.n_layers), KvCache(arch_.seq_len, arch_.kv_dim()));
}

std::vector<float> LlmModel::step(int token, int pos, std::vector<KvCache>& caches, IntGemmEngine& engine,
                                  StepRecord* record) const {
  if (token < 0 || token >= arch_.vocab_size)
    throw std::out_of_range(fmt::format("token {} is outside the vocabulary 0..{}", token, arch_.vocab_size - 1));
  if (pos < 0 || pos >= arch_.seq_len)
    throw std::out_of_range(fmt::format("position {} is outside 0..seq_len-1 = {}", pos, arch_.seq_len - 1));
  if (caches.size() != layers_.size())
    throw std::invalid_argument(fmt::format("{} KV caches for {} layers", caches.size(), layers_.size()));
  Matrix<float> x(1, arch_.dim);
  std::copy(embedding_.row(token), embedding_.row(token) + arch_.dim, x.row(0));
  if (record) {
    record->input_token = token;
    record->layer_out.clear();
  }
  for (size_t l = 0; l < layers_.size(); ++l) {
    layers_[l].prefill(x, pos, caches[l], engine);
    if (record) record->layer_out.push_back(x.data);
  }
  rmsnorm_row(x.row(0), x.row(0), final_norm_.data(), arch_.dim, arch_.norm_eps);
  std::vector<float> logits = classifier_.forward(x, engine).data;
  if (record) record->logits = logits;
  return logits;
}

GreedyRun greedy_decode(const LlmModel& m, int steps, IntGemmEngine& engine, bool keep) {
  GreedyRun run;
  auto caches = m.new_caches();
  const int n = std::min(steps, m.arch().seq_len);
  int token = kBosToken;
  for (int pos = 0; pos < n; ++pos) {
    StepRecord rec;
    const std::vector<float> logits = m.step(token, pos, caches, engine, keep ? &rec : nullptr);
    if (keep) run.records.push_back(std::move(rec));
    const int next = argmax_first(logits.data(), int(logits.size()));
    if (next == kBosToken) {
      run.stopped_at_bos = true;
      break;
    }
    run.tokens.push_back(next);
    token = next;
  }
  return run;
}

std::vector<StepRecord> teacher_forced(const LlmModel& m, const std::vector<int>& inputs, IntGemmEngine& engine) {
  std::vector<StepRecord> out(inputs.size());
  auto caches = m.new_caches();
  for (size_t p = 0; p < inputs.size(); ++p) m.step(inputs[p], int(p), caches, engine, &out[p]);
  return out;
}

}  // namespace tpe
