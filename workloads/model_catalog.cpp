#include "workloads/model_catalog.hpp"

#include <cctype>
#include <stdexcept>

#include <fmt/format.h>

namespace tpe {
namespace {

LlmArch llama(const char* name, int dim, int hidden, int layers, int heads, int kv, int vocab, int seq,
              float theta, const char* source) {
  LlmArch a;
  a.name = name;
  a.dim = dim;
  a.hidden_dim = hidden;
  a.n_layers = layers;
  a.n_heads = heads;
  a.n_kv_heads = kv;
  a.vocab_size = vocab;
  a.seq_len = seq;
  a.rope_theta = theta;
  a.source = source;
  return a;
}

std::string squash(const std::string& s) {
  std::string o;
  for (char c : s)
    if (c != '-' && c != '_' && c != '.') o += char(std::tolower(static_cast<unsigned char>(c)));
  return o;
}

}  // namespace

const std::vector<LlmArch>& model_catalog() {
  static const std::vector<LlmArch> models = [] {
    std::vector<LlmArch> v;
    // seq_len is max_position_embeddings; all Llama configs use rms_norm_eps 1e-5
    // and initializer_range 0.02.
    v.push_back(llama("Llama-2-7B", 4096, 11008, 32, 32, 32, 32000, 4096, 10000.f, "meta-llama/Llama-2-7b-hf config.json"));
    v.push_back(llama("Llama-2-13B", 5120, 13824, 40, 40, 40, 32000, 4096, 10000.f, "meta-llama/Llama-2-13b-hf config.json"));
    v.push_back(llama("Llama-2-70B", 8192, 28672, 80, 64, 8, 32000, 4096, 10000.f, "meta-llama/Llama-2-70b-hf config.json"));
    v.push_back(llama("Llama-3-8B", 4096, 14336, 32, 32, 8, 128256, 8192, 500000.f, "meta-llama/Meta-Llama-3-8B config.json"));
    LlmArch opt = llama("OPT-6.7B", 4096, 16384, 32, 32, 32, 50272, 2048, 10000.f, "facebook/opt-6.7b config.json");
    // OPT: pre-LayerNorm (do_layer_norm_before), learned positions instead of
    // RoPE, a ReLU MLP (ffn_dim 16384) and biases on every linear layer.
    opt.ffn = FfnKind::Relu;
    opt.norm = NormKind::Layer;
    opt.rope = false;
    opt.biases = true;
    v.push_back(opt);
    v.push_back(llama("TinyLlama-1.1B", 2048, 5632, 22, 32, 4, 32000, 2048, 10000.f, "TinyLlama/TinyLlama-1.1B config.json"));
    v.push_back(llama("stories260K", 64, 172, 5, 8, 4, 512, 512, 10000.f,
                      "llama2.c stories260K.bin header (real weights in data/stories260K)"));
    for (auto& a : v) validate_arch(a);
    return v;
  }();
  return models;
}

const LlmArch& find_model(const std::string& name) {
  std::string known;
  for (const LlmArch& a : model_catalog()) {
    if (squash(a.name) == squash(name)) return a;
    known += (known.empty() ? "" : ", ") + a.name;
  }
  throw std::invalid_argument(fmt::format("unknown model '{}'; known models: {}", name, known));
}

}  // namespace tpe
