// SqueezeLLM for one linear layer W [N][K]:
//  * sensitivity of w[n][k]: H[k][k] = mean_t x_t[k]^2 (the diagonal of the
//    layer-output Hessian). Decision [ours]: SqueezeLLM weighs by the diagonal
//    Fisher information (squared gradients of the model loss); the reference has
//    no backward pass, and H's diagonal is the sensitivity of the layer-output
//    error that the scheme is tested on.
//  * sparse part: the ceil(p % * N*K) weights of largest |w| (ties: lower
//    row-major index) are taken out; they do not pull the k-means centres.
//  * dense part: per row n, weighted k-means (2^b centroids, k-means++ seeded by
//    seed + n, at most 50 Lloyd rounds) over the row's remaining values;
//    every position (outliers too) stores the code of its nearest centroid.
//  * sparse values: w - centroid at the outlier positions, fp32, so that
//    dense + sparse gives back the outlier up to one fp32 rounding.
//  * forward, fp32: y = sum over k ascending of x*c[n][code]; then, for the
//    row's sparse entries k ascending, y += x[k]*sparse[n][k].
// Centroids are kept in fp32 (SqueezeLLM's kernels use an fp16 table).
#include "models/quant/scheme_squeezellm.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>

#include <fmt/format.h>

#include "models/quant/calibrated_scheme.hpp"
#include "models/quant/scheme_common.hpp"
#include "models/quant/weighted_kmeans.hpp"

namespace tpe {
namespace {

struct SparseEntry {
  int n, k;
  float v;
};

class SqueezeLinear final : public PreparedLinear {
 public:
  SqueezeLinear(Matrix<float> dense, std::vector<SparseEntry> sparse, std::string name)
      : dense_(std::move(dense)), sparse_(std::move(sparse)), name_(std::move(name)) {}
  Matrix<float> forward(const Matrix<float>& x, IntGemmEngine&) const override {
    check_activations(x, dense_.cols, name_);
    Matrix<float> y = fp32_matmul_nt(x, dense_);
    for (int m = 0; m < x.rows; ++m)
      for (const SparseEntry& e : sparse_) y(m, e.n) += x(m, e.k) * e.v;  // sorted by (n, k)
    return y;
  }

 private:
  Matrix<float> dense_;  // c[n][code[n][k]] in fp32
  std::vector<SparseEntry> sparse_;
  std::string name_;
};

class SqueezeScheme final : public CalibratedMethod<SqueezeLlmConfig> {
 public:
  using CalibratedMethod::CalibratedMethod;

  std::unique_ptr<PreparedLinear> prepare_calibrated(const Matrix<float>& w, const Matrix<float>& x,
                                                     const std::string&) const override {
    const int n = w.rows, k = w.cols;
    std::vector<double> sens(size_t(k), 0.0);
    for (int t = 0; t < x.rows; ++t)
      for (int kk = 0; kk < k; ++kk) sens[size_t(kk)] += double(x(t, kk)) * double(x(t, kk));
    for (double& s : sens) s /= x.rows;
    const size_t total = w.data.size();
    const size_t n_sparse = size_t(std::ceil(c_.sparse_percent / 100.0 * double(total) - 1e-9));
    std::vector<size_t> order(total);
    std::iota(order.begin(), order.end(), size_t(0));
    std::stable_sort(order.begin(), order.end(),
                     [&](size_t a, size_t b) { return std::fabs(w.data[a]) > std::fabs(w.data[b]); });
    std::vector<char> is_sparse(total, 0);
    for (size_t i = 0; i < n_sparse && i < total; ++i) is_sparse[order[i]] = 1;

    Matrix<float> dense(n, k);
    std::vector<SparseEntry> sparse;
    std::vector<float> vals(static_cast<size_t>(k));
    std::vector<double> wts(static_cast<size_t>(k));
    for (int r = 0; r < n; ++r) {
      for (int kk = 0; kk < k; ++kk) {
        vals[size_t(kk)] = w(r, kk);
        wts[size_t(kk)] = is_sparse[size_t(r) * k + kk] ? 0.0 : sens[size_t(kk)];
      }
      // A row whose calibration weights are all zero falls back to equal weights.
      if (std::all_of(wts.begin(), wts.end(), [](double v) { return v == 0.0; }))
        for (int kk = 0; kk < k; ++kk) wts[size_t(kk)] = is_sparse[size_t(r) * k + kk] ? 0.0 : 1.0;
      const Codebook cb = weighted_kmeans_1d(vals, wts, 1 << c_.bits, c_.seed + uint64_t(r));
      for (int kk = 0; kk < k; ++kk) {
        const float cv = cb.centroids[size_t(cb.assign[size_t(kk)])];
        dense(r, kk) = cv;
        if (is_sparse[size_t(r) * k + kk]) sparse.push_back({r, kk, w(r, kk) - cv});
      }
    }
    return std::make_unique<SqueezeLinear>(std::move(dense), std::move(sparse), name());
  }

};

}  // namespace

std::unique_ptr<LinearScheme> make_squeezellm_scheme(const SqueezeLlmConfig& c) {
  check_int_param("squeezellm bits", c.bits, 1, 8);
  if (!(c.sparse_percent >= 0.0 && c.sparse_percent <= 10.0))
    throw std::invalid_argument(
        fmt::format("squeezellm sparse_percent = {} is out of range; allowed 0..10", c.sparse_percent));
  const std::string name = fmt::format("squeezellm-w{}{}", c.bits, c.sparse_percent > 0 ? "" : "-dense");
  const std::string desc = fmt::format(
      "SqueezeLLM: per output row n a non-uniform codebook of {} fp32 centroids fitted by k-means weighted by the "
      "sensitivity mean_t x[k]^2 (calibration activations), {}-bit codes; {}; forward y = sum over k ascending of "
      "x*c[n][code] in fp32{}",
      1 << c.bits, c.bits,
      c.sparse_percent > 0
          ? fmt::format("dense-and-sparse: the {}% largest |w| kept exactly as sparse fp32 corrections", c.sparse_percent)
          : "no sparse part",
      c.sparse_percent > 0 ? ", then + x[k]*sparse[n][k] for the row's sparse entries, k ascending" : "");
  return std::make_unique<SqueezeScheme>(c, name, desc);
}

}  // namespace tpe
