#include "models/llm/llm_linear.hpp"

#include <stdexcept>

#include <fmt/format.h>

#include "models/llm/llm_fp32_packed.hpp"

namespace tpe {

LlmLinear::LlmLinear(const std::string& name, const Matrix<float>& w, std::vector<float> bias,
                     const LinearScheme& scheme, bool fast_fp32)
    : name_(name), n_(w.rows), k_(w.cols), bias_(std::move(bias)) {
  if (n_ <= 0 || k_ <= 0 || w.data.size() != size_t(n_) * size_t(k_))
    throw std::invalid_argument(fmt::format("{}: weight matrix {}x{} is empty or malformed", name_, n_, k_));
  if (!bias_.empty() && int(bias_.size()) != n_)
    throw std::invalid_argument(fmt::format("{}: bias has {} entries, expected out_features = {}", name_,
                                            bias_.size(), n_));
  prepared_ = (fast_fp32 && scheme.name() == "fp32") ? make_packed_fp32_linear(w) : scheme.prepare_named(name, w);
}

Matrix<float> LlmLinear::forward(const Matrix<float>& x, IntGemmEngine& engine) const {
  if (x.cols != k_)
    throw std::invalid_argument(
        fmt::format("{}: input has {} features, the layer expects in_features = {}", name_, x.cols, k_));
  engine.set_scope(name_);
  Matrix<float> y = prepared_->forward(x, engine);
  if (y.rows != x.rows || y.cols != n_)
    throw std::logic_error(fmt::format("{}: scheme returned {}x{}, expected {}x{}", name_, y.rows, y.cols, x.rows, n_));
  if (!bias_.empty())
    for (int m = 0; m < y.rows; ++m)
      for (int n = 0; n < n_; ++n) y(m, n) += bias_[n];
  return y;
}

}  // namespace tpe
