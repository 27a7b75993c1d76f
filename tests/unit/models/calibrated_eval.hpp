// Held-out evaluation data for the calibrated quantization methods, written
// for the tests (no code under test): every linear layer's fp32 inputs on the
// fp32 model's GREEDY sequence from BOS (the calibration samples at
// temperature 1 instead), recorded by a scheme of the test's own.
#pragma once
#include <cmath>
#include <map>
#include <memory>
#include <string>

#include "models/llm/llm_model.hpp"
#include "models/quant/quant_scheme.hpp"
#include "quant_test_data.hpp"

namespace tpe_test {

struct HeldOut {
  std::map<std::string, tpe::Matrix<float>> w, x;  // by linear name
  std::vector<int> greedy;                          // fp32 greedy inputs (BOS first)
};

class InputRecorder final : public tpe::LinearScheme {
 public:
  explicit InputRecorder(HeldOut* out) : out_(out) {}
  std::string name() const override { return "test-recorder"; }
  std::string describe() const override { return "test"; }
  std::unique_ptr<tpe::PreparedLinear> prepare(const tpe::Matrix<float>& w) const override {
    return tpe::find_scheme("fp32").prepare(w);
  }
  std::unique_ptr<tpe::PreparedLinear> prepare_named(const std::string& n, const tpe::Matrix<float>& w) const override {
    out_->w[n] = w;
    return std::make_unique<Rec>(&out_->x[n], tpe::find_scheme("fp32").prepare(w));
  }

 private:
  struct Rec final : tpe::PreparedLinear {
    Rec(tpe::Matrix<float>* x, std::unique_ptr<tpe::PreparedLinear> f) : x_(x), f_(std::move(f)) {}
    tpe::Matrix<float> forward(const tpe::Matrix<float>& x, tpe::IntGemmEngine& e) const override {
      if (x_->cols == 0) *x_ = tpe::Matrix<float>(0, x.cols);
      x_->data.insert(x_->data.end(), x.data.begin(), x.data.end());
      x_->rows += x.rows;
      return f_->forward(x, e);
    }
    tpe::Matrix<float>* x_;
    std::unique_ptr<tpe::PreparedLinear> f_;
  };
  HeldOut* out_;
};

inline HeldOut held_out(const tpe::LlamaCheckpoint& ck, int steps) {
  HeldOut h;
  InputRecorder rec(&h);
  const tpe::LlmModel m(ck, rec, "held-out");
  const tpe::GreedyRun run = tpe::greedy_decode(m, steps, tpe::reference_gemm_engine());
  h.greedy.push_back(tpe::kBosToken);
  h.greedy.insert(h.greedy.end(), run.tokens.begin(), run.tokens.end());
  return h;
}

// Mean over the model's linears of each linear's output SQNR (dB) against the
// long-double product of the unquantized operands, on the held-out inputs.
inline double mean_layer_sqnr_db(const tpe::LinearScheme& s, const HeldOut& h) {
  double sum = 0;
  for (const auto& kv : h.w) {
    const tpe::Matrix<float>& x = h.x.at(kv.first);
    const tpe::Matrix<float> y = s.prepare_named(kv.first, kv.second)->forward(x, tpe::reference_gemm_engine());
    sum += sqnr_db(exact_matmul(x, kv.second), y);
  }
  return sum / double(h.w.size());
}

}  // namespace tpe_test
