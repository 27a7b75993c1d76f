// FireQ (Baek et al. 2025) linear layer, the arithmetic an INT4 x FP8 engine runs:
//  Offline, weights W [N][K] and the channel scales c[k]:
//    W' = W * c (per input channel); per (n, group g): s_g = absmax(W'_g)/7;
//    tensor scale t = max over all s_g / 64 (so 7*s8 <= 448, the largest e4m3); the stored FP8 group scale
//    s8 = e4m3(s_g / t) (satfinite); codes q = clamp(rne(w' / (s8*t)), -7, 7);
//    the kernel's INT4 -> FP8 table gives w8 = e4m3(q * s8).
//  Per call, activations X [M][K]:
//    x' = fp32(x / c[k]) (FireQ folds 1/c into the previous RMSNorm);
//    a[m] = bf16(absmax_k |x'[m]| / 448) [ours: per token, FireQ's scales are bf16];
//    x8 = e4m3(x' / a[m]) (satfinite; a[m] = 0 gives x8 = 0).
//    acc = sum over k ascending of x8*w8 in fp32 (every product is exact);
//    y = acc * fp32(a[m] * t).
//  Channel scales (calibration): c = 1 for the RTN baseline; for FireQ, the
//  SmoothQuant-form c[k] = max|x[k]|^alpha / max_n|w[n][k]|^(1-alpha) (FireQ
//  scales activation outlier channels into the weights), alpha searched over
//  0, 0.1, ..., 1 plus c = 1, keeping the candidate whose full pipeline has the
//  smallest output error on (at most 256 evenly strided rows of) the
//  calibration activations [ours: FireQ's paper does not fix alpha's choice];
//  max|x[k]| is taken over all calibration rows.
// No integer GEMM: the FP8 products are not integers (the engine issue builds the PE).
#include "models/quant/scheme_fireq.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include <fmt/format.h>

#include "models/formats/float_formats.hpp"
#include "models/formats/int_formats.hpp"
#include "models/quant/calibrated_scheme.hpp"
#include "models/quant/quant_groups.hpp"
#include "models/quant/scheme_common.hpp"

namespace tpe {
namespace {

float e4m3(double v) { return float(decode(fp8_e4m3_format(), encode(fp8_e4m3_format(), v))); }

struct FireqWeights {
  std::vector<float> c;  // channel scales [K]
  Matrix<float> w8;      // FP8 weight values [N][K] (q * s8 rounded to e4m3)
  float t = 0;           // per-tensor scale
};

FireqWeights quantize_weights(const Matrix<float>& w, const std::vector<float>& c, int group) {
  const GroupLayout gl = make_group_layout(w.cols, group);
  FireqWeights fw;
  fw.c = c;
  Matrix<float> ws(w.rows, w.cols);
  for (int n = 0; n < w.rows; ++n)
    for (int k = 0; k < w.cols; ++k) ws(n, k) = w(n, k) * c[size_t(k)];
  Matrix<float> sg(w.rows, gl.count());
  float smax = 0;
  for (int n = 0; n < w.rows; ++n)
    for (int g = 0; g < gl.count(); ++g) {
      float amax = 0;
      for (int k = gl.begin(g); k < gl.end(g); ++k) amax = std::max(amax, std::fabs(ws(n, k)));
      sg(n, g) = amax / 7.0f;
      smax = std::max(smax, sg(n, g));
    }
  fw.t = smax / 64.0f;  // 7 * s8 <= 448: the INT4 -> FP8 table never saturates
  fw.w8 = Matrix<float>(w.rows, w.cols, 0.0f);
  if (fw.t == 0.0f) return fw;
  for (int n = 0; n < w.rows; ++n)
    for (int g = 0; g < gl.count(); ++g) {
      const float s8 = e4m3(double(sg(n, g) / fw.t));
      if (s8 == 0.0f) continue;
      const float step = s8 * fw.t;
      for (int k = gl.begin(g); k < gl.end(g); ++k) {
        const int32_t q = saturate_rne(double(ws(n, k) / step), -7, 7);
        fw.w8(n, k) = e4m3(double(float(q) * s8));
      }
    }
  return fw;
}

Matrix<float> fireq_forward(const FireqWeights& fw, const Matrix<float>& x) {
  const int k = x.cols;
  Matrix<float> y(x.rows, fw.w8.rows);
  std::vector<float> x8(static_cast<size_t>(k));
  for (int m = 0; m < x.rows; ++m) {
    float amax = 0;
    for (int kk = 0; kk < k; ++kk) {
      x8[size_t(kk)] = x(m, kk) / fw.c[size_t(kk)];
      amax = std::max(amax, std::fabs(x8[size_t(kk)]));
    }
    const float a = round_to_bf16(double(amax / 448.0f));
    for (int kk = 0; kk < k; ++kk) x8[size_t(kk)] = a == 0.0f ? 0.0f : e4m3(double(x8[size_t(kk)] / a));
    const float outer = a * fw.t;
    for (int n = 0; n < fw.w8.rows; ++n) {
      const float* wr = fw.w8.row(n);
      float acc = 0;
      for (int kk = 0; kk < k; ++kk) acc += x8[size_t(kk)] * wr[kk];
      y(m, n) = acc * outer;
    }
  }
  return y;
}

class FireqLinear final : public PreparedLinear {
 public:
  FireqLinear(FireqWeights w, std::string name) : w_(std::move(w)), name_(std::move(name)) {}
  Matrix<float> forward(const Matrix<float>& x, IntGemmEngine&) const override {
    check_activations(x, w_.w8.cols, name_);
    return fireq_forward(w_, x);
  }

 private:
  FireqWeights w_;
  std::string name_;
};

// At most this many calibration rows (evenly strided) score the alpha
// candidates: each candidate runs the whole FP8 pipeline on them.
constexpr int kSearchRows = 256;

Matrix<float> search_rows(const Matrix<float>& x) {
  const int take = std::min(x.rows, kSearchRows);
  Matrix<float> out(take, x.cols);
  for (int i = 0; i < take; ++i) {
    const int r = int(int64_t(i) * x.rows / take);
    std::copy(x.row(r), x.row(r) + x.cols, out.row(i));
  }
  return out;
}

// y = x W^T in double (the unquantized layer output the search compares with).
std::vector<double> exact_output(const Matrix<float>& w, const Matrix<float>& x) {
  std::vector<double> y(size_t(x.rows) * size_t(w.rows));
  for (int m = 0; m < x.rows; ++m)
    for (int n = 0; n < w.rows; ++n) {
      double s = 0;
      for (int k = 0; k < x.cols; ++k) s += double(x(m, k)) * double(w(n, k));
      y[size_t(m) * size_t(w.rows) + size_t(n)] = s;
    }
  return y;
}

double pipeline_error(const FireqWeights& fw, const std::vector<double>& ref, const Matrix<float>& x) {
  const Matrix<float> y = fireq_forward(fw, x);
  double e = 0;
  for (size_t i = 0; i < y.data.size(); ++i) e += (ref[i] - y.data[i]) * (ref[i] - y.data[i]);
  return e;
}

class FireqScheme final : public CalibratedMethod<FireqConfig> {
 public:
  using CalibratedMethod::CalibratedMethod;
  bool needs_calibration() const override { return c_.channel_scaling; }

  std::unique_ptr<PreparedLinear> prepare_calibrated(const Matrix<float>& w, const Matrix<float>& x,
                                                     const std::string&) const override {
    const int k = w.cols;
    FireqWeights best = quantize_weights(w, std::vector<float>(size_t(k), 1.0f), c_.group);
    if (c_.channel_scaling) {
      std::vector<float> xmax(size_t(k), 0.0f), wmax(size_t(k), 0.0f);
      for (int t = 0; t < x.rows; ++t)
        for (int kk = 0; kk < k; ++kk) xmax[size_t(kk)] = std::max(xmax[size_t(kk)], std::fabs(x(t, kk)));
      for (int n = 0; n < w.rows; ++n)
        for (int kk = 0; kk < k; ++kk) wmax[size_t(kk)] = std::max(wmax[size_t(kk)], std::fabs(w(n, kk)));
      const Matrix<float> xs = search_rows(x);
      const std::vector<double> ref = exact_output(w, xs);
      double best_err = pipeline_error(best, ref, xs);
      for (int i = 0; i <= 10; ++i) {
        const float alpha = float(i) / 10.0f;
        std::vector<float> c(size_t(k), 1.0f);
        for (int kk = 0; kk < k; ++kk) {
          // A channel that is zero in X or in W keeps c = 1 (nothing to balance).
          if (xmax[size_t(kk)] == 0.0f || wmax[size_t(kk)] == 0.0f) continue;
          c[size_t(kk)] = std::pow(xmax[size_t(kk)], alpha) / std::pow(wmax[size_t(kk)], 1.0f - alpha);
          if (!std::isfinite(c[size_t(kk)]) || c[size_t(kk)] <= 0.0f) c[size_t(kk)] = 1.0f;
        }
        FireqWeights cand = quantize_weights(w, c, c_.group);
        const double e = pipeline_error(cand, ref, xs);
        if (e < best_err) {
          best_err = e;
          best = std::move(cand);
        }
      }
    }
    return std::make_unique<FireqLinear>(std::move(best), name());
  }

};

}  // namespace

std::unique_ptr<LinearScheme> make_fireq_scheme(const FireqConfig& c) {
  check_int_param("fireq group", c.group, 1, 1 << 24);
  const std::string name = fmt::format("{}w4a8fp-g{}", c.channel_scaling ? "fireq-" : "", c.group);
  const std::string desc = fmt::format(
      "{}INT4 weights (symmetric -7..7 per (n, group of {}), FP8 e4m3 group scales under one fp32 tensor scale "
      "t = max s_g/64), FP8 e4m3 activations with one bf16 scale per token (absmax/448); w8 = e4m3(q*s8); "
      "acc = sum over k ascending of x8*w8 in fp32 (exact products); y = acc*fp32(a[m]*t)",
      c.channel_scaling ? "FireQ: channel scales c[k] = max|x|^alpha/max|w|^(1-alpha) (alpha searched on calibration "
                          "activations) move activation outliers into W*c, x/c; "
                        : "RTN of FireQ's formats (no channel scaling): ",
      c.group);
  return std::make_unique<FireqScheme>(c, name, desc);
}

}  // namespace tpe
