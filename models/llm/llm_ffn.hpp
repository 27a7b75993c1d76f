// The two feed-forward blocks: Llama's SwiGLU, w2(silu(w1 x) * w3 x), and
// OPT's ReLU MLP, fc2(relu(fc1 x + b1)) + b2 (w1 = fc1, w2 = fc2, no w3).
#pragma once
#include "models/llm/llm_arch.hpp"
#include "models/llm/llm_linear.hpp"

namespace tpe {


class FeedForward {
 public:
  FeedForward() = default;
  FeedForward(FfnKind kind, LlmLinear w1, LlmLinear w2, LlmLinear w3);
  // x: [M][dim] (already normalized) -> [M][dim].
  Matrix<float> forward(const Matrix<float>& x, IntGemmEngine& engine) const;

 private:
  FfnKind kind_ = FfnKind::SwiGlu;
  LlmLinear w1_, w2_, w3_;
};

}  // namespace tpe
