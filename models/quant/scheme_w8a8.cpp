#include "models/quant/scheme_w8a8.hpp"

#include "models/quant/quant_gemm.hpp"
#include "models/quant/quantizers.hpp"
#include "models/quant/scheme_common.hpp"

namespace tpe {
namespace {

class W8A8Linear final : public PreparedLinear {
 public:
  explicit W8A8Linear(GroupQuant w)
      : w_(std::move(w)), wt_(slice_weights(w_.q, make_group_layout(w_.q.cols, w_.q.cols), false)) {}
  Matrix<float> forward(const Matrix<float>& x, IntGemmEngine& engine) const override {
    check_activations(x, w_.q.cols, "w8a8");
    const GroupQuant a = quantize_per_token(x, 8);
    const GroupSums s = group_gemm(engine, a.q, a.fmt, wt_, w_.fmt);
    Matrix<float> y(x.rows, w_.rows());
    for (int m = 0; m < x.rows; ++m)
      for (int n = 0; n < w_.rows(); ++n) y(m, n) = float(s.dot[0](m, n)) * (a.scale(m, 0) * w_.scale(n, 0));
    return y;
  }

 private:
  GroupQuant w_;
  SlicedWeights wt_;  // w_.q as the engine's B operand, sliced once
};

}  // namespace

std::unique_ptr<LinearScheme> make_w8a8_scheme() {
  return make_scheme(
      "w8a8",
      "W int8 symmetric per output channel (s_w = absmax/127, codes -127..127); X int8 symmetric per token "
      "(s_a = absmax/127); integer C = sum_k qa*qw in one engine GEMM (i8 x i8, acc32, exact); epilogue "
      "y = fp32(C) * (s_a[m]*s_w[n]) in fp32",
      [](const Matrix<float>& w) { return std::make_unique<W8A8Linear>(quantize_symmetric_groups(w, 8, w.cols)); });
}

}  // namespace tpe
