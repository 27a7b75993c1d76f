#include "models/quant/scheme_common.hpp"

#include <cmath>
#include <stdexcept>

#include <fmt/format.h>

namespace tpe {
namespace {

class FnScheme final : public LinearScheme {
 public:
  FnScheme(std::string n, std::string d, PrepareFn p) : name_(std::move(n)), desc_(std::move(d)), prep_(std::move(p)) {}
  std::string name() const override { return name_; }
  std::string describe() const override { return desc_; }
  std::unique_ptr<PreparedLinear> prepare(const Matrix<float>& w) const override {
    check_weights(w, name_);
    return prep_(w);
  }

 private:
  std::string name_, desc_;
  PrepareFn prep_;
};

void check_finite(const Matrix<float>& m, const char* what, const std::string& scheme) {
  for (int r = 0; r < m.rows; ++r)
    for (int c = 0; c < m.cols; ++c)
      if (!std::isfinite(m(r, c)))
        throw std::invalid_argument(
            fmt::format("{}: {}[{}][{}] = {} is not finite; allowed finite values", scheme, what, r, c, m(r, c)));
}

class DequantLinear final : public PreparedLinear {
 public:
  DequantLinear(Matrix<float> wdq, std::string name) : wdq_(std::move(wdq)), name_(std::move(name)) {}
  Matrix<float> forward(const Matrix<float>& x, IntGemmEngine&) const override {
    check_activations(x, wdq_.cols, name_);
    return fp32_matmul_nt(x, wdq_);
  }

 private:
  Matrix<float> wdq_;  // fp32 dequantized weights, [N][K]
  std::string name_;
};

}  // namespace

std::unique_ptr<PreparedLinear> make_dequant_linear(Matrix<float> wdq, std::string scheme) {
  return std::make_unique<DequantLinear>(std::move(wdq), std::move(scheme));
}

void check_int_param(const std::string& field, int value, int lo, int hi) {
  if (value < lo || value > hi)
    throw std::invalid_argument(fmt::format("{} = {} is out of range; allowed {}..{}", field, value, lo, hi));
}

std::unique_ptr<LinearScheme> make_scheme(std::string name, std::string description, PrepareFn prepare) {
  return std::make_unique<FnScheme>(std::move(name), std::move(description), std::move(prepare));
}

void check_activations(const Matrix<float>& x, int k, const std::string& scheme) {
  if (x.rows < 1 || x.cols != k)
    throw std::invalid_argument(
        fmt::format("{}: activations are {}x{}; allowed M >= 1 rows of K = {} columns", scheme, x.rows, x.cols, k));
  check_finite(x, "x", scheme);
}

void check_weights(const Matrix<float>& w, const std::string& scheme) {
  if (w.rows < 1 || w.cols < 1)
    throw std::invalid_argument(fmt::format("{}: weights are {}x{}; allowed N >= 1, K >= 1", scheme, w.rows, w.cols));
  check_finite(w, "w", scheme);
}

Matrix<float> fp32_matmul_nt(const Matrix<float>& x, const Matrix<float>& w) {
  Matrix<float> y(x.rows, w.rows);
  for (int m = 0; m < x.rows; ++m)
    for (int n = 0; n < w.rows; ++n) {
      float s = 0.f;
      const float* xr = x.row(m);
      const float* wr = w.row(n);
      for (int k = 0; k < x.cols; ++k) s += xr[k] * wr[k];
      y(m, n) = s;
    }
  return y;
}

}  // namespace tpe
