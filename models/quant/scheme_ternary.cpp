#include "models/quant/scheme_ternary.hpp"

#include <cmath>

#include "models/formats/int_formats.hpp"
#include "models/quant/quant_gemm.hpp"
#include "models/quant/scheme_common.hpp"

namespace tpe {
namespace {

constexpr float kEps = 1e-5f;

class TernaryLinear final : public PreparedLinear {
 public:
  TernaryLinear(OperandMatrix wt, float gamma) : wt_(std::move(wt)), gamma_(gamma) {}

  Matrix<float> forward(const Matrix<float>& x, IntGemmEngine& engine) const override {
    const int K = wt_.cols, M = x.rows, N = wt_.rows;
    check_activations(x, K, "ternary");
    OperandMatrix xq(M, K, 0);
    std::vector<float> amax(static_cast<size_t>(M), 0.0f);
    for (int m = 0; m < M; ++m) {
      for (int k = 0; k < K; ++k) amax[size_t(m)] = std::max(amax[size_t(m)], std::fabs(x(m, k)));
      if (amax[size_t(m)] == 0.0f) continue;
      const float scale = 127.0f / amax[size_t(m)];
      for (int k = 0; k < K; ++k) xq(m, k) = saturate_rne(double(x(m, k) * scale), -127, 127);
    }
    const GroupSums s = group_gemm(engine, xq, IntFormat{8, true}, wt_, IntFormat{2, true}, make_group_layout(K, K), false);
    Matrix<float> y(M, N);
    for (int m = 0; m < M; ++m)
      for (int n = 0; n < N; ++n) y(m, n) = float(s.dot[0](m, n)) * gamma_ * amax[size_t(m)] / 127.0f;
    return y;
  }

 private:
  OperandMatrix wt_;  // [N][K] in {-1, 0, 1}
  float gamma_;
};

}  // namespace

std::unique_ptr<LinearScheme> make_ternary_scheme() {
  return make_scheme(
      "ternary",
      "BitNet b1.58: W ternary {-1,0,1} = clamp(rne(W/(gamma+1e-5)),-1,1), gamma = mean|W| per tensor (fp32); X int8 "
      "per token xq = clamp(rne(x*fp32(127/absmax)),-127,127); I = xq*Wt^T in one engine GEMM (i8 x i2, acc32, exact); "
      "y = fp32(I)*gamma*absmax/127 in fp32 left to right",
      [](const Matrix<float>& w) -> std::unique_ptr<PreparedLinear> {
        float sum = 0.0f;
        for (float v : w.data) sum += std::fabs(v);
        const float gamma = sum / float(w.data.size());
        const float denom = gamma + kEps;
        OperandMatrix wt(w.rows, w.cols, 0);
        for (size_t i = 0; i < w.data.size(); ++i) wt.data[i] = ternary_encode(double(w.data[i] / denom));
        return std::make_unique<TernaryLinear>(std::move(wt), gamma);
      });
}

}  // namespace tpe
