#include "models/llm/llm_layer.hpp"

#include <algorithm>
#include <stdexcept>

#include <fmt/format.h>

#include "models/llm/llama2c_checkpoint.hpp"
#include "models/llm/llm_ops.hpp"

namespace tpe {

LayerWeights from_llama2c(const LlamaLayerWeights& w) {
  LayerWeights o;
  o.attn_norm = w.rms_att;
  o.ffn_norm = w.rms_ffn;
  o.wq = w.wq;
  o.wk = w.wk;
  o.wv = w.wv;
  o.wo = w.wo;
  o.w1 = w.w1;
  o.w2 = w.w2;
  o.w3 = w.w3;
  return o;
}

namespace {
void need_matrix(const Matrix<float>& m, int rows, int cols, const char* what, int layer) {
  if (m.rows != rows || m.cols != cols || m.data.size() != size_t(rows) * size_t(cols))
    throw std::invalid_argument(
        fmt::format("layer {}: {} is {}x{}, expected {}x{}", layer, what, m.rows, m.cols, rows, cols));
}
void need_vector(const std::vector<float>& v, int n, bool required, const char* what, int layer) {
  if (v.empty() && !required) return;
  if (int(v.size()) != n)
    throw std::invalid_argument(fmt::format("layer {}: {} has {} entries, expected {}", layer, what, v.size(), n));
}
}  // namespace

void check_layer_weights(const LlmArch& a, const LayerWeights& w, int i) {
  const int D = a.dim, KV = a.kv_dim(), H = a.hidden_dim;
  const bool ln = a.norm == NormKind::Layer;
  need_vector(w.attn_norm, D, true, "attn_norm", i);
  need_vector(w.ffn_norm, D, true, "ffn_norm", i);
  need_vector(w.attn_norm_bias, D, ln, "attn_norm_bias", i);
  need_vector(w.ffn_norm_bias, D, ln, "ffn_norm_bias", i);
  need_matrix(w.wq, D, D, "wq", i);
  need_matrix(w.wk, KV, D, "wk", i);
  need_matrix(w.wv, KV, D, "wv", i);
  need_matrix(w.wo, D, D, "wo", i);
  need_matrix(w.w1, H, D, "w1", i);
  need_matrix(w.w2, D, H, "w2", i);
  if (a.ffn == FfnKind::SwiGlu) need_matrix(w.w3, H, D, "w3", i);
  const int bias_n[] = {D, KV, KV, D, H, D};
  const std::vector<float>* biases[] = {&w.bq, &w.bk, &w.bv, &w.bo, &w.b1, &w.b2};
  const char* names[] = {"bq", "bk", "bv", "bo", "b1", "b2"};
  for (int b = 0; b < 6; ++b) need_vector(*biases[b], bias_n[b], a.biases, names[b], i);
}

DecoderLayer::DecoderLayer(const LlmArch& arch, const LayerWeights& w, const LinearScheme& scheme, int index,
                           bool fast)
    : arch_(arch),
      index_(index),
      attn_norm_(w.attn_norm),
      attn_norm_bias_(w.attn_norm_bias),
      ffn_norm_(w.ffn_norm),
      ffn_norm_bias_(w.ffn_norm_bias) {
  validate_arch(arch);
  check_layer_weights(arch, w, index);
  auto name = [&](const char* t) { return fmt::format("layer {} {}", index, t); };
  wq_ = LlmLinear(name("wq"), w.wq, w.bq, scheme, fast);
  wk_ = LlmLinear(name("wk"), w.wk, w.bk, scheme, fast);
  wv_ = LlmLinear(name("wv"), w.wv, w.bv, scheme, fast);
  wo_ = LlmLinear(name("wo"), w.wo, w.bo, scheme, fast);
  LlmLinear w3;
  if (arch.ffn == FfnKind::SwiGlu) w3 = LlmLinear(name("w3"), w.w3, {}, scheme, fast);
  ffn_ = FeedForward(arch.ffn, LlmLinear(name("w1"), w.w1, w.b1, scheme, fast),
                     LlmLinear(name("w2"), w.w2, w.b2, scheme, fast), std::move(w3));
}

void DecoderLayer::norm(const Matrix<float>& x, Matrix<float>& out, const std::vector<float>& w,
                        const std::vector<float>& b) const {
  out = Matrix<float>(x.rows, x.cols);
  for (int m = 0; m < x.rows; ++m) {
    if (arch_.norm == NormKind::Rms)
      rmsnorm_row(out.row(m), x.row(m), w.data(), x.cols, arch_.norm_eps);
    else
      layernorm_row(out.row(m), x.row(m), w.data(), b.data(), x.cols, arch_.norm_eps);
  }
}

void DecoderLayer::forward(Matrix<float>& x, const std::vector<RowSlot>& slots, IntGemmEngine& engine) const {
  const int D = arch_.dim, KV = arch_.kv_dim();
  if (x.cols != D)
    throw std::invalid_argument(fmt::format("layer {}: input has {} features, dim = {}", index_, x.cols, D));
  if (slots.size() != size_t(x.rows))
    throw std::invalid_argument(fmt::format("layer {}: {} rows but {} cache slots", index_, x.rows, slots.size()));
  for (const RowSlot& s : slots) {
    if (!s.cache || s.cache->k.cols != KV)
      throw std::invalid_argument(fmt::format("layer {}: missing KV cache or its width is not kv_dim = {}", index_, KV));
    if (s.pos < 0 || s.pos >= s.cache->capacity())
      throw std::out_of_range(fmt::format("layer {}: position {} is outside the KV cache (capacity {} positions)",
                                          index_, s.pos, s.cache->capacity()));
  }
  Matrix<float> xb;
  norm(x, xb, attn_norm_, attn_norm_bias_);
  Matrix<float> q = wq_.forward(xb, engine);
  Matrix<float> k = wk_.forward(xb, engine);
  const Matrix<float> v = wv_.forward(xb, engine);
  for (int r = 0; r < x.rows; ++r) {
    if (arch_.rope) rope_rotate(q.row(r), k.row(r), D, KV, arch_.head_size(), slots[size_t(r)].pos, arch_.rope_theta);
    KvCache& c = *slots[size_t(r)].cache;
    std::copy(k.row(r), k.row(r) + KV, c.k.row(slots[size_t(r)].pos));
    std::copy(v.row(r), v.row(r) + KV, c.v.row(slots[size_t(r)].pos));
  }
  const Matrix<float> att = gqa_attention(arch_, q, slots);
  const Matrix<float> o = wo_.forward(att, engine);
  for (size_t i = 0; i < x.data.size(); ++i) x.data[i] += o.data[i];
  norm(x, xb, ffn_norm_, ffn_norm_bias_);
  const Matrix<float> f = ffn_.forward(xb, engine);
  for (size_t i = 0; i < x.data.size(); ++i) x.data[i] += f.data[i];
}

void DecoderLayer::prefill(Matrix<float>& x, int pos0, KvCache& cache, IntGemmEngine& engine) const {
  std::vector<RowSlot> slots(size_t(x.rows));
  for (int r = 0; r < x.rows; ++r) slots[size_t(r)] = RowSlot{&cache, pos0 + r};
  forward(x, slots, engine);
}

void DecoderLayer::decode(Matrix<float>& x, int pos, std::vector<KvCache>& caches, IntGemmEngine& engine) const {
  if (caches.size() != size_t(x.rows))
    throw std::invalid_argument(
        fmt::format("layer {}: decode batch has {} rows but {} caches", index_, x.rows, caches.size()));
  std::vector<RowSlot> slots(size_t(x.rows));
  for (int r = 0; r < x.rows; ++r) slots[size_t(r)] = RowSlot{&caches[size_t(r)], pos};
  forward(x, slots, engine);
}

}  // namespace tpe
