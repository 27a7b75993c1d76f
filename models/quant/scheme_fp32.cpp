#include "models/quant/scheme_fp32.hpp"

namespace tpe {
namespace {

class Fp32Linear final : public PreparedLinear {
 public:
  explicit Fp32Linear(Matrix<float> w) : w_(std::move(w)) {}
  Matrix<float> forward(const Matrix<float>& x, IntGemmEngine&) const override {
    Matrix<float> y(x.rows, w_.rows);
    for (int m = 0; m < x.rows; ++m)
      for (int n = 0; n < w_.rows; ++n) {
        float s = 0.f;
        const float* xr = x.row(m);
        const float* wr = w_.row(n);
        for (int k = 0; k < x.cols; ++k) s += wr[k] * xr[k];
        y(m, n) = s;
      }
    return y;
  }

 private:
  Matrix<float> w_;
};

class Fp32Scheme final : public LinearScheme {
 public:
  std::string name() const override { return "fp32"; }
  std::string describe() const override {
    return "fp32 weights and activations; y[m][n] = sum over k ascending of w[n][k]*x[m][k] in fp32";
  }
  std::unique_ptr<PreparedLinear> prepare(const Matrix<float>& w) const override {
    return std::make_unique<Fp32Linear>(w);
  }
};

}  // namespace

std::unique_ptr<LinearScheme> make_fp32_scheme() { return std::make_unique<Fp32Scheme>(); }

}  // namespace tpe
