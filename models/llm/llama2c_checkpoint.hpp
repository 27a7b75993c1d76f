// Loader for llama2.c checkpoints (the layout of run.c; see
// data/stories260K/README.md). Validates the header against the
// file size so a truncated or corrupt file is refused with a reason.
#pragma once
#include <string>
#include <vector>

#include "models/formats/matrix.hpp"

namespace tpe {

struct LlamaHeader {
  int dim = 0, hidden_dim = 0, n_layers = 0, n_heads = 0, n_kv_heads = 0, vocab_size = 0, seq_len = 0;
  bool shared_classifier = true;  // a positive vocab_size in the file
  int head_size() const { return dim / n_heads; }
  int kv_dim() const { return dim * n_kv_heads / n_heads; }
};

// Weight matrices are [out_features][in_features] as stored.
struct LlamaLayerWeights {
  std::vector<float> rms_att, rms_ffn;
  Matrix<float> wq, wk, wv, wo, w1, w2, w3;
};

struct LlamaCheckpoint {
  LlamaHeader header;
  Matrix<float> token_embedding;  // [vocab][dim]
  std::vector<LlamaLayerWeights> layers;
  std::vector<float> rms_final;
  Matrix<float> classifier;  // [vocab][dim]; a copy of token_embedding when shared
};

// Throws std::runtime_error naming the file and what is wrong.
LlamaCheckpoint load_llama2c_checkpoint(const std::string& path);

// The bundled model: $TPE_STORIES260K, else data/stories260K/stories260K.bin in
// the data directory (models/util/data_path.hpp).
std::string default_stories260k_path();

}  // namespace tpe
