// GPTQ for one linear layer W [N][K], all arithmetic in double:
//   H = 2/T * sum_t x_t x_t^T. A dead input (H[k][k] == 0) gets H[k][k] = 1 and
//   W[:, k] = 0, as the reference code does (its weights never reach the output).
//   H += percdamp * mean(diag H) * I; Hinv = U with H^{-1} = U^T U (Cholesky of
//   the inverse, upper). Columns are processed k ascending in blocks of B
//   (B a multiple of the group size): for column k, when k starts a group, the
//   group's llm-awq scale and zero point are taken from the CURRENT (already
//   error-corrected) weights of that group; q = Q(w_k); err = (w_k - q) / U[k][k];
//   the rest of the block gets w_j -= err * U[k][j]; at the end of the block the
//   columns after it get W -= Err * U[block, after]. The result is the matrix of
//   dequantized codes; forward is y = sum over k ascending of x*w' in fp32.
// Decision [ours]: the reference code takes each group's parameters from W,
// which inside the current block does not hold the block's own updates yet;
// we take them from the updated weights, so the result does not depend on B.
// No act-order (columns stay in K order) and no static groups.
#include "models/quant/scheme_gptq.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include <fmt/format.h>

#include "models/formats/int_formats.hpp"
#include "models/quant/calibrated_scheme.hpp"
#include "models/quant/scheme_common.hpp"
#include "models/quant/dense_cholesky.hpp"
#include "models/quant/quant_groups.hpp"

namespace tpe {
namespace {

struct AsymParams {
  double s = 1;
  int32_t z = 0, qmax = 15;
};

// llm-awq's parameters (pe_arith 2.1), computed in fp32 like the RTN baseline.
AsymParams params_of(const std::vector<float>& v, int bits) {
  AsymParams p;
  p.qmax = (int32_t(1) << bits) - 1;
  float lo = v[0], hi = v[0];
  for (float x : v) {
    lo = std::min(lo, x);
    hi = std::max(hi, x);
  }
  const float s = std::max(hi - lo, 1e-5f) / float(p.qmax);
  p.s = s;
  p.z = saturate_rne(-rne(double(lo / s)), 0, p.qmax);
  return p;
}

float quant(float w, const AsymParams& p) {
  const float s = float(p.s);
  const int32_t q = saturate_rne(rne(double(w / s)) + p.z, 0, p.qmax);
  return s * float(q - p.z);
}

class GptqScheme final : public CalibratedMethod<GptqConfig> {
 public:
  using CalibratedMethod::CalibratedMethod;

  std::unique_ptr<PreparedLinear> prepare_calibrated(const Matrix<float>& w0, const Matrix<float>& x,
                                                     const std::string& linear) const override {
    const int n = w0.rows, k = w0.cols;
    std::vector<double> h = input_gram(x);
    for (double& v : h) v *= 2.0;
    std::vector<double> w(w0.data.begin(), w0.data.end());  // [N][K]
    for (int i = 0; i < k; ++i)
      if (h[size_t(i) * k + i] == 0.0) {
        h[size_t(i) * k + i] = 1.0;
        for (int r = 0; r < n; ++r) w[size_t(r) * k + i] = 0.0;
      }
    double mean_diag = 0;
    for (int i = 0; i < k; ++i) mean_diag += h[size_t(i) * k + i];
    const double damp = c_.percdamp * mean_diag / k;
    for (int i = 0; i < k; ++i) h[size_t(i) * k + i] += damp;
    if (!cholesky_lower(h, k))
      throw std::runtime_error(fmt::format("{}: the damped Hessian of '{}' is not positive definite", name(), linear));
    std::vector<double> u = inverse_from_cholesky(h, k);
    if (!cholesky_upper(u, k))
      throw std::runtime_error(fmt::format("{}: the inverse Hessian of '{}' is not positive definite", name(), linear));

    const GroupLayout gl = make_group_layout(k, c_.group);
    const int block = std::max(1, (c_.block + c_.group - 1) / c_.group) * std::min(c_.group, k);
    Matrix<float> q(n, k);
    std::vector<AsymParams> params(static_cast<size_t>(n));
    std::vector<float> vals;
    for (int b0 = 0; b0 < k; b0 += block) {
      const int b1 = std::min(k, b0 + block);
      std::vector<double> err(size_t(n) * size_t(b1 - b0), 0.0);
      for (int i = b0; i < b1; ++i) {
        if (gl.begin(gl.group_of(i)) == i)
          for (int r = 0; r < n; ++r) {
            vals.clear();
            for (int j = i; j < gl.end(gl.group_of(i)); ++j) vals.push_back(float(w[size_t(r) * k + j]));
            params[size_t(r)] = params_of(vals, c_.bits);
          }
        const double d = u[size_t(i) * k + i];
        for (int r = 0; r < n; ++r) {
          double* wr = &w[size_t(r) * k];
          const float qv = quant(float(wr[i]), params[size_t(r)]);
          q(r, i) = qv;
          const double e = (wr[i] - double(qv)) / d;
          err[size_t(r) * (b1 - b0) + (i - b0)] = e;
          for (int j = i + 1; j < b1; ++j) wr[j] -= e * u[size_t(i) * k + j];
        }
      }
      for (int r = 0; r < n; ++r) {
        double* wr = &w[size_t(r) * k];
        for (int i = b0; i < b1; ++i) {
          const double e = err[size_t(r) * (b1 - b0) + (i - b0)];
          if (e == 0.0) continue;
          for (int j = b1; j < k; ++j) wr[j] -= e * u[size_t(i) * k + j];
        }
      }
    }
    return make_dequant_linear(std::move(q), name());
  }

};

}  // namespace

std::unique_ptr<LinearScheme> make_gptq_scheme(const GptqConfig& c) {
  check_int_param("gptq bits", c.bits, 2, 8);
  check_int_param("gptq group", c.group, 1, 1 << 24);
  check_int_param("gptq block", c.block, 1, 1 << 24);
  if (!(c.percdamp > 0.0 && c.percdamp <= 1.0))
    throw std::invalid_argument(fmt::format("gptq percdamp = {} is out of range; allowed (0, 1]", c.percdamp));
  const std::string name = fmt::format("gptq-w{}-g{}", c.bits, c.group);
  const std::string desc = fmt::format(
      "GPTQ: columns quantized k ascending by llm-awq's asymmetric uint{} quantizer per (n, group of {}; parameters "
      "from the error-corrected weights), each column's error fed back through the upper Cholesky factor of "
      "(H + {}*mean(diag H)*I)^-1, H = 2 X^T X / T from calibration activations, lazy blocks of {}; forward "
      "y = sum over k ascending of x*w' in fp32 (w' = fp32(s*(q-z)))",
      c.bits, c.group, c.percdamp, c.block);
  return std::make_unique<GptqScheme>(c, name, desc);
}

}  // namespace tpe
