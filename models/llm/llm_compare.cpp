#include "models/llm/llm_compare.hpp"

#include <stdexcept>

#include "models/llm/llm_metrics.hpp"
#include "models/llm/llm_ops.hpp"

namespace tpe {
namespace {
std::vector<int> targets_of(const GreedyRun& r) {
  std::vector<int> t = r.tokens;
  if (r.stopped_at_bos) t.push_back(kBosToken);
  return t;
}
}  // namespace

double self_nll(const GreedyRun& run) {
  const std::vector<int> targets = targets_of(run);
  if (run.records.size() != targets.size())
    throw std::invalid_argument("self_nll: the run was decoded without keep_records");
  double s = 0;
  for (size_t i = 0; i < targets.size(); ++i)
    s += negative_log_likelihood(run.records[i].logits.data(), int(run.records[i].logits.size()), targets[i]);
  return targets.empty() ? 0.0 : s / double(targets.size());
}

ModelComparison compare_with_fp32(const LlmModel& q, const GreedyRun& ref, IntGemmEngine& engine) {
  const std::vector<int> targets = targets_of(ref);
  if (ref.records.size() != targets.size())
    throw std::invalid_argument("compare_with_fp32: the fp32 run was decoded without keep_records");
  std::vector<int> inputs{kBosToken};
  inputs.insert(inputs.end(), ref.tokens.begin(), ref.tokens.end());
  inputs.resize(targets.size());
  const std::vector<StepRecord> rec = teacher_forced(q, inputs, engine);
  const size_t L = size_t(q.arch().n_layers);
  std::vector<SqnrMeter> layers(L);
  SqnrMeter logits;
  ModelComparison c;
  for (size_t s = 0; s < rec.size(); ++s) {
    const StepRecord& r = ref.records[s];
    for (size_t l = 0; l < L; ++l) layers[l].add(r.layer_out[l].data(), rec[s].layer_out[l].data(), r.layer_out[l].size());
    logits.add(r.logits.data(), rec[s].logits.data(), r.logits.size());
    const int V = int(r.logits.size());
    c.top1_agree += argmax_first(rec[s].logits.data(), V) == targets[s];
    c.nll_scheme += negative_log_likelihood(rec[s].logits.data(), V, targets[s]);
    c.nll_fp32 += negative_log_likelihood(r.logits.data(), V, targets[s]);
  }
  c.evaluated_steps = int(rec.size());
  for (auto& m : layers) c.layer_sqnr_db.push_back(m.db());
  c.logits_sqnr_db = logits.db();
  if (c.evaluated_steps) {
    c.nll_scheme /= c.evaluated_steps;
    c.nll_fp32 /= c.evaluated_steps;
  }
  return c;
}

}  // namespace tpe
