// MixLLM, our reading for a model without a backward pass:
//  * gain of row n of linear l: g = E4(n) - E8(n), where Eb(n) is the row's
//    layer-output error mean_t (x_t . (w_n - Qb(w_n)))^2 on calibration inputs;
//  * global salience (bound to a model): S_l * g / sum_n E4(n), with S_l the
//    model-level loss of linear l alone at low bits (mean KL of the fp32 model's
//    next-token distribution to the quantized one on the calibration tokens,
//    measured by the model side: ModelCalibration::loss_sensitivity). It
//    spreads the linear's measured loss over its rows in proportion to their
//    share of the linear's output error, so rows of different linears compare
//    in one unit. MixLLM estimates the same loss increase from gradients
//    (Fisher); the reference has no backward pass, so we measure it per linear.
//  * the ceil(p % * all rows) rows of highest salience over ALL linears get
//    high_bits (ties: linear name, then row, ascending); the rest low_bits.
//  * used on a bare matrix (no model) the choice is the layer's own top p % by g.
// Forward: y = sum over k ascending of x*w' in fp32 (MixLLM's 8-bit
// activations are left to the engine issue; this isolates the weight choice).
#include "models/quant/scheme_mixllm.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <stdexcept>

#include <fmt/format.h>

#include "models/quant/calibrated_scheme.hpp"
#include "models/quant/scheme_common.hpp"

namespace tpe {
namespace {

struct RowErrors {
  std::vector<double> low, high;
};

RowErrors row_errors(const Matrix<float>& w, const Matrix<float>& lo, const Matrix<float>& hi,
                     const std::vector<double>& h) {
  RowErrors e;
  for (int n = 0; n < w.rows; ++n) {
    e.low.push_back(row_output_error(h, w.row(n), lo.row(n), w.cols));
    e.high.push_back(row_output_error(h, w.row(n), hi.row(n), w.cols));
  }
  return e;
}

Matrix<float> mix(const Matrix<float>& lo, const Matrix<float>& hi, const std::set<int>& high_rows) {
  Matrix<float> out = lo;
  for (int n : high_rows) std::copy(hi.row(n), hi.row(n) + hi.cols, out.row(n));
  return out;
}

int high_count(double percent, size_t rows) { return int(std::ceil(percent / 100.0 * double(rows) - 1e-9)); }

class MixLlmScheme;

class MixBound final : public LinearScheme {
 public:
  MixBound(const MixLlmScheme& m, std::map<std::string, std::set<int>> high, std::string source)
      : m_(m), high_(std::move(high)), source_(std::move(source)) {}
  std::string name() const override;
  std::string describe() const override;
  std::unique_ptr<PreparedLinear> prepare(const Matrix<float>& w) const override;
  std::unique_ptr<PreparedLinear> prepare_named(const std::string& linear, const Matrix<float>& w) const override;

 private:
  const MixLlmScheme& m_;
  std::map<std::string, std::set<int>> high_;  // per linear: rows at high bits
  std::string source_;
};

class MixLlmScheme final : public CalibratedMethod<MixLlmConfig> {
 public:
  using CalibratedMethod::CalibratedMethod;

  std::unique_ptr<PreparedLinear> prepare_calibrated(const Matrix<float>& w, const Matrix<float>& x,
                                                     const std::string&) const override {
    const Matrix<float> lo = fake_quant_asym_groups(w, c_.low_bits, c_.group);
    const Matrix<float> hi = fake_quant_asym_groups(w, c_.high_bits, c_.group);
    const RowErrors e = row_errors(w, lo, hi, input_gram(x));
    std::vector<int> rows(size_t(w.rows));
    for (int n = 0; n < w.rows; ++n) rows[size_t(n)] = n;
    std::stable_sort(rows.begin(), rows.end(), [&](int a, int b) {
      return e.low[size_t(a)] - e.high[size_t(a)] > e.low[size_t(b)] - e.high[size_t(b)];
    });
    const int take = high_count(c_.high_percent, rows.size());
    return with_rows(w, std::set<int>(rows.begin(), rows.begin() + take));
  }

  std::unique_ptr<LinearScheme> bind(const ModelCalibration& cal) const override {
    if (!c_.global) return CalibratedScheme::bind(cal);  // prepare_calibrated: the layer's own top rows
    std::map<std::string, double> loss;
    if (cal.loss_sensitivity)
      loss = cal.loss_sensitivity(fmt::format("rtn-w{}-g{}-asym", c_.low_bits, c_.group));
    struct Cand {
      double salience;
      const std::string* linear;
      int row;
    };
    std::vector<Cand> all;
    for (const auto& kv : cal.linears) {
      const LinearCalibration& lc = kv.second;
      const Matrix<float> lo = fake_quant_asym_groups(lc.w, c_.low_bits, c_.group);
      const Matrix<float> hi = fake_quant_asym_groups(lc.w, c_.high_bits, c_.group);
      const RowErrors e = row_errors(lc.w, lo, hi, input_gram(lc.x));
      double total = 0;
      for (double v : e.low) total += v;
      auto it = loss.find(kv.first);
      const double s_l = it != loss.end() ? std::max(0.0, it->second) : 1.0;
      for (int n = 0; n < lc.w.rows; ++n) {
        const double g = e.low[size_t(n)] - e.high[size_t(n)];
        all.push_back({total > 0 ? s_l * g / total : 0.0, &kv.first, n});
      }
    }
    std::stable_sort(all.begin(), all.end(), [](const Cand& a, const Cand& b) {
      if (a.salience != b.salience) return a.salience > b.salience;
      if (*a.linear != *b.linear) return *a.linear < *b.linear;
      return a.row < b.row;
    });
    std::map<std::string, std::set<int>> high;
    for (const auto& kv : cal.linears) high[kv.first];
    const int take = high_count(c_.high_percent, all.size());
    for (int i = 0; i < take; ++i) high[*all[size_t(i)].linear].insert(all[size_t(i)].row);
    return std::make_unique<MixBound>(*this, std::move(high), cal.source);
  }

  std::unique_ptr<PreparedLinear> with_rows(const Matrix<float>& w, const std::set<int>& high_rows) const {
    return make_dequant_linear(mix(fake_quant_asym_groups(w, c_.low_bits, c_.group),
                                   fake_quant_asym_groups(w, c_.high_bits, c_.group), high_rows),
                               name());
  }

};

std::string MixBound::name() const { return m_.name(); }
std::string MixBound::describe() const {
  size_t hi = 0;
  for (const auto& kv : high_) hi += kv.second.size();
  return m_.describe() + fmt::format("; calibrated on {}; {} output features at high bits", source_, hi);
}
std::unique_ptr<PreparedLinear> MixBound::prepare(const Matrix<float>& w) const { return m_.prepare(w); }
std::unique_ptr<PreparedLinear> MixBound::prepare_named(const std::string& linear, const Matrix<float>& w) const {
  check_weights(w, m_.name());
  auto it = high_.find(linear);
  if (it == high_.end())
    throw std::invalid_argument(fmt::format("{}: no calibration for linear '{}' ({})", m_.name(), linear, source_));
  if (!it->second.empty() && *it->second.rbegin() >= w.rows)
    throw std::invalid_argument(fmt::format("{}: linear '{}' has {} rows; its calibration chose row {}", m_.name(),
                                            linear, w.rows, *it->second.rbegin()));
  return m_.with_rows(w, it->second);
}

}  // namespace

std::unique_ptr<LinearScheme> make_mixllm_scheme(const MixLlmConfig& c) {
  check_int_param("mixllm low_bits", c.low_bits, 2, 7);
  check_int_param("mixllm high_bits", c.high_bits, c.low_bits + 1, 8);
  check_int_param("mixllm group", c.group, 1, 1 << 24);
  if (!(c.high_percent >= 0.0 && c.high_percent <= 100.0))
    throw std::invalid_argument(fmt::format("mixllm high_percent = {} is out of range; allowed 0..100", c.high_percent));
  const std::string name =
      fmt::format("mixllm-{}w{}w{}-g{}", c.global ? "" : "local-", c.low_bits, c.high_bits, c.group);
  const std::string desc = fmt::format(
      "MixLLM: each output feature (row n) quantized by llm-awq's asymmetric quantizer per group of {} along K, "
      "uint{} for the {}% most salient output features {}, uint{} for the rest; forward y = sum over k ascending "
      "of x*w' in fp32",
      c.group, c.high_bits, c.high_percent,
      c.global ? fmt::format("chosen globally over all linears (salience: the row's share of its linear's "
                             "calibration output error times the model loss of that linear at {} bits)",
                             c.low_bits)
               : "of each linear (salience: the row's calibration output error saved by the high bits)",
      c.low_bits);
  return std::make_unique<MixLlmScheme>(c, name, desc);
}

}  // namespace tpe
