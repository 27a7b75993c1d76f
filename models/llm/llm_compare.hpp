// Accuracy of a scheme's model against the fp32 model on one greedy run:
// the scheme model is teacher-forced on the fp32 greedy sequence so every
// step compares the same positions.
#pragma once
#include <vector>

#include "models/llm/llm_model.hpp"

namespace tpe {

struct ModelComparison {
  std::vector<double> layer_sqnr_db;  // each layer's output vs fp32, over all steps
  double logits_sqnr_db = 0;
  int top1_agree = 0, evaluated_steps = 0;
  double nll_scheme = 0;  // mean nats/token of the fp32 greedy targets under the scheme
  double nll_fp32 = 0;    // the same under fp32
};

// `ref` must come from greedy_decode(fp32 model, ..., keep_records = true).
// The targets are ref's generated tokens plus the final BOS when it stopped there.
ModelComparison compare_with_fp32(const LlmModel& scheme_model, const GreedyRun& ref, IntGemmEngine& engine);

// Mean -log p(target) of a run's own greedy targets (nats/token).
double self_nll(const GreedyRun& run);

}  // namespace tpe
