// The architecture of a decoder-only LLM: every size the layers, the
// workload lists and the synthetic tensors derive from. One struct covers the
// Llama family (RMSNorm, RoPE, SwiGLU, grouped-query attention) and OPT
// (LayerNorm, learned positions, ReLU FFN, biases).
#pragma once
#include <string>

namespace tpe {

enum class FfnKind { SwiGlu, Relu };
enum class NormKind { Rms, Layer };

struct LlmArch {
  std::string name;
  int dim = 0, hidden_dim = 0, n_layers = 0, n_heads = 0, n_kv_heads = 0, vocab_size = 0, seq_len = 0;
  FfnKind ffn = FfnKind::SwiGlu;
  NormKind norm = NormKind::Rms;
  bool rope = true;     // false: positions are added at the embedding (OPT)
  bool biases = false;  // linear layers carry biases (OPT)
  float norm_eps = 1e-5f;
  float rope_theta = 10000.f;  // llama2.c run.c and Llama-2; Llama-3 uses 500000
  float init_std = 0.02f;      // std of the Gaussian weight init (HF initializer_range)
  std::string source;          // where the numbers come from

  int head_size() const { return dim / n_heads; }
  int kv_dim() const { return head_size() * n_kv_heads; }
  int kv_mul() const { return n_heads / n_kv_heads; }  // query heads per KV head (GQA group)
  // Parameters of one decoder layer's linear layers (weights only).
  double layer_linear_params() const;
};

// Throws std::invalid_argument naming the field, value and allowed range
// when the sizes are inconsistent (e.g. dim not a multiple of n_heads).
void validate_arch(const LlmArch& a);

const char* to_string(FfnKind k);
const char* to_string(NormKind k);

}  // namespace tpe
