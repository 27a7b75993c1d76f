#include "models/llm/llm_ffn.hpp"

#include "models/llm/llm_ops.hpp"

namespace tpe {

FeedForward::FeedForward(FfnKind kind, LlmLinear w1, LlmLinear w2, LlmLinear w3)
    : kind_(kind), w1_(std::move(w1)), w2_(std::move(w2)), w3_(std::move(w3)) {}

Matrix<float> FeedForward::forward(const Matrix<float>& x, IntGemmEngine& engine) const {
  Matrix<float> h = w1_.forward(x, engine);
  if (kind_ == FfnKind::SwiGlu) {
    const Matrix<float> h3 = w3_.forward(x, engine);
    for (int m = 0; m < h.rows; ++m) swiglu_inplace(h.row(m), h3.row(m), h.cols);
  } else {
    for (int m = 0; m < h.rows; ++m) relu_inplace(h.row(m), h.cols);
  }
  return w2_.forward(h, engine);
}

}  // namespace tpe
