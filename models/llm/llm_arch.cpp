#include "models/llm/llm_arch.hpp"

#include <stdexcept>

#include <fmt/format.h>

namespace tpe {

double LlmArch::layer_linear_params() const {
  const double d = dim, kv = kv_dim(), h = hidden_dim;
  const double ffn_mats = ffn == FfnKind::SwiGlu ? 3.0 : 2.0;
  return d * d * 2 + d * kv * 2 + ffn_mats * d * h;
}

void validate_arch(const LlmArch& a) {
  const char* names[] = {"dim", "hidden_dim", "n_layers", "n_heads", "n_kv_heads", "vocab_size", "seq_len"};
  const int values[] = {a.dim, a.hidden_dim, a.n_layers, a.n_heads, a.n_kv_heads, a.vocab_size, a.seq_len};
  for (int i = 0; i < 7; ++i)
    if (values[i] < 1 || values[i] > (1 << 20))
      throw std::invalid_argument(
          fmt::format("model '{}': {} = {} is out of range; allowed 1..{}", a.name, names[i], values[i], 1 << 20));
  if (a.dim % a.n_heads != 0)
    throw std::invalid_argument(
        fmt::format("model '{}': dim = {} is not a multiple of n_heads = {}", a.name, a.dim, a.n_heads));
  if (a.n_heads % a.n_kv_heads != 0)
    throw std::invalid_argument(
        fmt::format("model '{}': n_heads = {} is not a multiple of n_kv_heads = {}", a.name, a.n_heads, a.n_kv_heads));
  if (a.rope && a.head_size() % 2 != 0)
    throw std::invalid_argument(
        fmt::format("model '{}': RoPE needs an even head size, got {}", a.name, a.head_size()));
}

const char* to_string(FfnKind k) { return k == FfnKind::SwiGlu ? "swiglu" : "relu"; }
const char* to_string(NormKind k) { return k == NormKind::Rms ? "rmsnorm" : "layernorm"; }

}  // namespace tpe
