// A whole llama2.c model under one scheme (every linear layer, the classifier
// included, goes through it), one token per step as run.c's forward(), plus
// greedy decoding and teacher-forced evaluation built on it.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "models/llm/llama2c_checkpoint.hpp"
#include "models/llm/llm_calibration.hpp"
#include "models/llm/llm_layer.hpp"

namespace tpe {

LlmArch arch_from_header(const LlamaHeader& h, const std::string& name);

// What one step produced: each layer's output row (the residual stream after
// the layer) and the logits. Kept only when asked for.
struct StepRecord {
  int input_token = 0;
  std::vector<std::vector<float>> layer_out;  // [n_layers][dim]
  std::vector<float> logits;                  // [vocab]
};

class LlmModel {
 public:
  // A scheme that calibrates (scheme.needs_calibration()) is bound here to
  // activations of this checkpoint's fp32 model (llm_calibration.hpp, `calib`).
  LlmModel(const LlamaCheckpoint& ck, const LinearScheme& scheme, const std::string& name = "llama2c",
           bool fast_fp32 = true, const CalibrationOptions& calib = {});
  const LlmArch& arch() const { return arch_; }
  const LinearScheme& scheme() const { return *scheme_; }
  const DecoderLayer& layer(int i) const { return layers_[size_t(i)]; }
  const Matrix<float>& token_embedding() const { return embedding_; }

  std::vector<KvCache> new_caches() const;  // one per layer, seq_len positions
  // run.c forward(): token at pos -> logits. Throws on a bad token or position.
  std::vector<float> step(int token, int pos, std::vector<KvCache>& caches, IntGemmEngine& engine,
                          StepRecord* record = nullptr) const;

 private:
  LlmArch arch_;
  std::shared_ptr<const LinearScheme> bound_;  // the calibrated scheme, when the scheme calibrates
  const LinearScheme* scheme_;
  Matrix<float> embedding_;
  std::vector<DecoderLayer> layers_;
  std::vector<float> final_norm_;
  LlmLinear classifier_;
};

constexpr int kBosToken = 1;  // llama2.c's BOS; generation also stops on it

struct GreedyRun {
  std::vector<int> tokens;  // generated tokens, without the starting BOS or the final BOS
  bool stopped_at_bos = false;
  std::vector<StepRecord> records;  // one per step, when asked for
};

// Greedy decoding from BOS for at most `steps` steps (capped at seq_len);
// stops when the argmax is BOS again.
GreedyRun greedy_decode(const LlmModel& m, int steps, IntGemmEngine& engine, bool keep_records = false);

// Feeds `inputs` (token at position p = inputs[p]) and records every step.
std::vector<StepRecord> teacher_forced(const LlmModel& m, const std::vector<int>& inputs, IntGemmEngine& engine);

}  // namespace tpe
