#include "models/llm/llm_calibration.hpp"

#include <algorithm>
#include <cmath>
#include <memory>
#include <stdexcept>

#include <fmt/format.h>

#include "models/llm/llm_model.hpp"
#include "models/quant/scheme_common.hpp"
#include "models/util/splitmix.hpp"

namespace tpe {
namespace {

using Store = std::map<std::string, LinearCalibration>;

constexpr size_t kSensitivitySequences = 4;

// fp32 linear that appends its inputs to the store (y as the fp32 scheme computes it).
class RecordingLinear final : public PreparedLinear {
 public:
  RecordingLinear(LinearCalibration* slot) : slot_(slot) {}
  Matrix<float> forward(const Matrix<float>& x, IntGemmEngine&) const override {
    Matrix<float>& rec = slot_->x;
    if (rec.cols == 0) rec = Matrix<float>(0, x.cols);
    rec.data.insert(rec.data.end(), x.data.begin(), x.data.end());
    rec.rows += x.rows;
    return fp32_matmul_nt(x, slot_->w);
  }

 private:
  LinearCalibration* slot_;
};

class RecordingScheme final : public LinearScheme {
 public:
  explicit RecordingScheme(Store* store) : store_(store) {}
  std::string name() const override { return "calibration-recorder"; }
  std::string describe() const override { return "fp32, recording every linear's inputs"; }
  std::unique_ptr<PreparedLinear> prepare(const Matrix<float>& w) const override {
    return find_scheme("fp32").prepare(w);
  }
  std::unique_ptr<PreparedLinear> prepare_named(const std::string& linear, const Matrix<float>& w) const override {
    LinearCalibration& slot = (*store_)[linear];
    slot.w = w;
    return std::make_unique<RecordingLinear>(&slot);
  }

 private:
  Store* store_;
};

// fp32 everywhere except one linear, which runs `low` (the sensitivity probe).
class OneLinearScheme final : public LinearScheme {
 public:
  OneLinearScheme(std::string linear, const LinearScheme& low) : linear_(std::move(linear)), low_(low) {}
  std::string name() const override { return low_.name() + " on " + linear_; }
  std::string describe() const override { return name(); }
  std::unique_ptr<PreparedLinear> prepare(const Matrix<float>& w) const override {
    return find_scheme("fp32").prepare(w);
  }
  std::unique_ptr<PreparedLinear> prepare_named(const std::string& linear, const Matrix<float>& w) const override {
    return linear == linear_ ? low_.prepare_named(linear, w) : prepare(w);
  }

 private:
  std::string linear_;
  const LinearScheme& low_;
};

std::vector<double> softmax(const std::vector<float>& logits) {
  const float mx = *std::max_element(logits.begin(), logits.end());
  std::vector<double> p(logits.size());
  double sum = 0;
  for (size_t i = 0; i < p.size(); ++i) sum += p[i] = std::exp(double(logits[i]) - mx);
  for (double& v : p) v /= sum;
  return p;
}

int sample(const std::vector<double>& p, uint64_t& s) {
  double r = splitmix_unit(s);
  for (size_t i = 0; i < p.size(); ++i) {
    if (r < p[i]) return int(i);
    r -= p[i];
  }
  return int(p.size()) - 1;
}

}  // namespace

ModelCalibration collect_calibration(const LlamaCheckpoint& ck, const CalibrationOptions& o) {
  if (o.sequences < 1 || o.sequences > 256)
    throw std::invalid_argument(fmt::format("calibration sequences = {} is out of range; allowed 1..256", o.sequences));
  if (o.tokens < 1 || o.tokens > ck.header.seq_len)
    throw std::invalid_argument(
        fmt::format("calibration tokens = {} is out of range; allowed 1..{} (seq_len)", o.tokens, ck.header.seq_len));
  Store store;
  RecordingScheme rec(&store);
  const LlmModel model(ck, rec, "calibration");
  IntGemmEngine& engine = reference_gemm_engine();
  // Every sequence's inputs (token at position p) and the fp32 logits there.
  auto seqs = std::make_shared<std::vector<std::vector<int>>>();
  auto fp32_probs = std::make_shared<std::vector<std::vector<double>>>();
  uint64_t s = o.seed;
  for (int q = 0; q < o.sequences; ++q) {
    auto caches = model.new_caches();
    std::vector<int> inputs{kBosToken};
    for (int pos = 0; pos < o.tokens; ++pos) {
      const std::vector<double> p = softmax(model.step(inputs.back(), pos, caches, engine));
      fp32_probs->push_back(p);
      const int next = sample(p, s);
      if (next == kBosToken || pos + 1 == o.tokens) break;
      inputs.push_back(next);
    }
    seqs->push_back(inputs);
  }
  ModelCalibration cal;
  cal.source = fmt::format("{} fp32-sampled stories sequences of <= {} tokens (seed {}), {} tokens", o.sequences,
                           o.tokens, o.seed, fp32_probs->size());
  cal.linears = std::move(store);
  const LlamaCheckpoint* ckp = &ck;
  cal.loss_sensitivity = [ckp, seqs, fp32_probs](const std::string& low_name) {
    const LinearScheme& low = find_scheme(low_name);
    std::map<std::string, double> out;
    std::vector<std::string> names;
    for (int l = 0; l < ckp->header.n_layers; ++l)
      for (const char* t : {"wq", "wk", "wv", "wo", "w1", "w2", "w3"}) names.push_back(fmt::format("layer {} {}", l, t));
    names.push_back("classifier");
    for (const std::string& name : names) {
      const OneLinearScheme probe(name, low);
      const LlmModel m(*ckp, probe, "sensitivity");
      double kl = 0;
      size_t i = 0;
      // The probe runs once per linear: the first kSensitivitySequences sequences suffice.
      for (size_t q = 0; q < seqs->size() && q < kSensitivitySequences; ++q) {
        const std::vector<int>& seq = (*seqs)[q];
        auto caches = m.new_caches();
        for (size_t p = 0; p < seq.size(); ++p, ++i) {
          const std::vector<double> q = softmax(m.step(seq[p], int(p), caches, reference_gemm_engine()));
          const std::vector<double>& pr = (*fp32_probs)[i];
          for (size_t v = 0; v < q.size(); ++v)
            if (pr[v] > 0) kl += pr[v] * (std::log(pr[v]) - std::log(std::max(q[v], 1e-300)));
        }
      }
      out[name] = kl / double(std::max<size_t>(i, 1));
    }
    return out;
  };
  return cal;
}

}  // namespace tpe
