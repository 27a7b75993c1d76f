// One linear layer of an LLM, y[M][N] = x[M][K] . W[N][K]^T (+ b[N]), run
// through a PreparedLinear so that whatever quantization scheme is chosen
// applies. The bias (OPT) is added in fp32 after the scheme's output.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "models/quant/quant_scheme.hpp"

namespace tpe {

class LlmLinear {
 public:
  LlmLinear() = default;
  // `name` labels errors (e.g. "layer 3 wq"). When the scheme is "fp32" and
  // `fast_fp32` is set, a bit-identical packed kernel replaces the scheme's loop.
  LlmLinear(const std::string& name, const Matrix<float>& w, std::vector<float> bias, const LinearScheme& scheme,
            bool fast_fp32 = true);
  Matrix<float> forward(const Matrix<float>& x, IntGemmEngine& engine) const;
  int in_features() const { return k_; }
  int out_features() const { return n_; }

 private:
  std::string name_;
  int n_ = 0, k_ = 0;
  std::vector<float> bias_;
  std::unique_ptr<PreparedLinear> prepared_;
};

}  // namespace tpe
