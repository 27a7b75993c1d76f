// AWQ, our C++ of llm-awq's auto_scale + auto_clip for one linear layer.
//  1. x_mean[k] = mean over calibration tokens of |x[k]| (llm-awq get_act_scale).
//  2. For alpha = i/20, i = 0..19: s[k] = max(x_mean[k]^alpha, 1e-4), then
//     s /= sqrt(max(s) * min(s)); W' = Q(W * s) / s; keep the alpha whose
//     layer-output error mean_t ||x_t (W - W')^T||^2 is least (ties: smaller alpha).
//     llm-awq scores the block output (the attention or MLP block); we score
//     the layer's own output, the error this scheme is tested on.
//  3. Clip search on W*s (llm-awq auto_clip): per (row, group), clip to
//     [-c, c], c = absmax * (1 - i/20), i = 0..9, keep the c whose group output
//     error (W*s - Q(clip(W*s))) restricted to the group is least.
//  4. Stored form: codes and scales of Q(clip(W*s)) plus the fp32 vector 1/s,
//     which llm-awq folds into the previous operator; forward uses
//     w' = fp32(fp32(s_g*(q-z)) / s[k]) and y = sum over k ascending of x*w' in fp32.
#include "models/quant/scheme_awq.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include <fmt/format.h>

#include "models/quant/calibrated_scheme.hpp"
#include "models/quant/scheme_common.hpp"
#include "models/quant/quant_groups.hpp"

namespace tpe {
namespace {

class AwqScheme final : public CalibratedMethod<AwqConfig> {
 public:
  using CalibratedMethod::CalibratedMethod;

  std::unique_ptr<PreparedLinear> prepare_calibrated(const Matrix<float>& w, const Matrix<float>& x,
                                                     const std::string&) const override {
    const int k = w.cols;
    const std::vector<double> h = input_gram(x);
    std::vector<float> xmean(size_t(k), 0.0f);
    for (int kk = 0; kk < k; ++kk) {
      double s = 0;
      for (int t = 0; t < x.rows; ++t) s += std::fabs(double(x(t, kk)));
      xmean[size_t(kk)] = float(s / x.rows);
    }
    std::vector<float> best_s(size_t(k), 1.0f);
    double best_err = std::numeric_limits<double>::infinity();
    for (int i = 0; i < c_.scale_grid; ++i) {
      const std::vector<float> s = scales_for(xmean, float(i) / float(c_.scale_grid));
      const double e = output_error(h, w, apply(w, s, false, h));
      if (e < best_err) {
        best_err = e;
        best_s = s;
      }
    }
    return make_dequant_linear(apply(w, best_s, c_.clip, h), name());
  }

 private:
  static std::vector<float> scales_for(const std::vector<float>& xmean, float alpha) {
    std::vector<float> s(xmean.size());
    float lo = std::numeric_limits<float>::infinity(), hi = 0.0f;
    for (size_t i = 0; i < s.size(); ++i) {
      s[i] = std::max(std::pow(xmean[i], alpha), 1e-4f);
      lo = std::min(lo, s[i]);
      hi = std::max(hi, s[i]);
    }
    const float norm = std::sqrt(hi * lo);
    for (float& v : s) v /= norm;
    return s;
  }

  // W' = Q(clip(W*s)) / s, with the clip search when asked.
  Matrix<float> apply(const Matrix<float>& w, const std::vector<float>& s, bool clip, const std::vector<double>& h) const {
    const int k = w.cols;
    Matrix<float> ws(w.rows, k);
    for (int n = 0; n < w.rows; ++n)
      for (int kk = 0; kk < k; ++kk) ws(n, kk) = w(n, kk) * s[size_t(kk)];
    const GroupLayout gl = make_group_layout(k, c_.group);
    Matrix<float> q(w.rows, k);
    std::vector<float> ref(static_cast<size_t>(k)), cand(static_cast<size_t>(k));
    // The group-restricted error uses H scaled back by 1/s (the error lives on W, not W*s).
    std::vector<double> hs;
    if (clip) {
      hs = h;
      for (int i = 0; i < k; ++i)
        for (int j = 0; j < k; ++j) hs[size_t(i) * size_t(k) + size_t(j)] /= double(s[size_t(i)]) * double(s[size_t(j)]);
    }
    for (int n = 0; n < w.rows; ++n)
      for (int g = 0; g < gl.count(); ++g) {
        const int b = gl.begin(g), len = gl.length(g);
        const float* in = ws.row(n) + b;
        float* out = q.row(n) + b;
        fake_quant_asym(in, out, len, c_.bits, std::numeric_limits<float>::infinity());
        if (!clip) continue;
        float amax = 0;
        for (int i = 0; i < len; ++i) amax = std::max(amax, std::fabs(in[i]));
        if (amax == 0.0f) continue;
        std::fill(ref.begin(), ref.end(), 0.0f);
        std::copy(in, in + len, ref.begin() + b);
        std::fill(cand.begin(), cand.end(), 0.0f);
        std::copy(out, out + len, cand.begin() + b);
        double best = row_output_error(hs, ref.data(), cand.data(), k);
        for (int i = 1; i < c_.scale_grid / 2; ++i) {
          const float c = amax * (1.0f - float(i) / float(c_.scale_grid));
          fake_quant_asym(in, cand.data() + b, len, c_.bits, c);
          const double e = row_output_error(hs, ref.data(), cand.data(), k);
          if (e < best) {
            best = e;
            std::copy(cand.begin() + b, cand.begin() + b + len, out);
          }
        }
      }
    for (int n = 0; n < w.rows; ++n)
      for (int kk = 0; kk < k; ++kk) q(n, kk) = q(n, kk) / s[size_t(kk)];
    return q;
  }
};

}  // namespace

std::unique_ptr<LinearScheme> make_awq_scheme(const AwqConfig& c) {
  check_int_param("awq bits", c.bits, 2, 8);
  check_int_param("awq group", c.group, 1, 1 << 24);
  check_int_param("awq scale_grid", c.scale_grid, 1, 1000);
  const std::string name = fmt::format("awq-w{}-g{}{}", c.bits, c.group, c.clip ? "" : "-noclip");
  const std::string desc = fmt::format(
      "AWQ (llm-awq): per-input-channel scale s = mean|x|^alpha (alpha searched on a grid of {} by layer-output "
      "error on calibration activations), W*s quantized by llm-awq's asymmetric uint{} quantizer per (n, group of "
      "{}){}; 1/s folded back in fp32: w' = fp32(fp32(s_g*(q-z))/s[k]); y = sum over k ascending of x*w' in fp32",
      c.scale_grid, c.bits, c.group, c.clip ? ", each group's range clipped by llm-awq's auto_clip search" : "");
  return std::make_unique<AwqScheme>(c, name, desc);
}

}  // namespace tpe
