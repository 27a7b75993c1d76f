// One decoder layer (pre-norm transformer block) under a quantization scheme:
//   x += wo(attention(rope(wq n1(x)), rope(wk n1(x)), wv n1(x)))
//   x += ffn(n2(x))
// in run.c's order. The same call serves prefill (L rows of one sequence) and
// batched decode (one row per sequence): each row names its cache and position.
#pragma once
#include <string>
#include <vector>

#include "models/llm/llm_arch.hpp"
#include "models/llm/llm_attention.hpp"
#include "models/llm/llm_ffn.hpp"
#include "models/llm/llm_kv_cache.hpp"
#include "models/llm/llm_linear.hpp"

namespace tpe {

struct LlamaLayerWeights;

// fp32 weights of one layer, [out][in] as in a checkpoint. Biases and norm
// biases are empty for Llama; w3 is empty for the ReLU FFN.
struct LayerWeights {
  std::vector<float> attn_norm, attn_norm_bias, ffn_norm, ffn_norm_bias;
  Matrix<float> wq, wk, wv, wo, w1, w2, w3;
  std::vector<float> bq, bk, bv, bo, b1, b2;
};

LayerWeights from_llama2c(const LlamaLayerWeights& w);

// Throws std::invalid_argument naming the tensor and its expected shape.
void check_layer_weights(const LlmArch& arch, const LayerWeights& w, int layer_index);

class DecoderLayer {
 public:
  DecoderLayer(const LlmArch& arch, const LayerWeights& w, const LinearScheme& scheme, int layer_index = 0,
               bool fast_fp32 = true);

  // x: [M][dim] residual stream, updated in place; row r goes to slots[r].
  // Writes each row's key/value into its cache before attending, so prefill
  // rows see exactly the earlier positions (causal) like token-by-token decode.
  void forward(Matrix<float>& x, const std::vector<RowSlot>& slots, IntGemmEngine& engine) const;

  // Prefill: L rows at positions pos0..pos0+L-1 of one cache.
  void prefill(Matrix<float>& x, int pos0, KvCache& cache, IntGemmEngine& engine) const;
  // Decode: row b is the next token of sequence b at position pos (all caches hold 0..pos-1).
  void decode(Matrix<float>& x, int pos, std::vector<KvCache>& caches, IntGemmEngine& engine) const;

  const LlmArch& arch() const { return arch_; }

 private:
  void norm(const Matrix<float>& x, Matrix<float>& out, const std::vector<float>& w,
            const std::vector<float>& b) const;

  LlmArch arch_;
  int index_;
  std::vector<float> attn_norm_, attn_norm_bias_, ffn_norm_, ffn_norm_bias_;
  LlmLinear wq_, wk_, wv_, wo_;
  FeedForward ffn_;
};

}  // namespace tpe
