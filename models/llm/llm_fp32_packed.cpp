#include "models/llm/llm_fp32_packed.hpp"

#include <algorithm>
#include <stdexcept>
#include <thread>
#include <vector>

namespace tpe {
namespace {

constexpr int kLanes = 8;  // outputs per block
constexpr int kRows = 4;   // activation rows sharing one weight load
typedef float v8 __attribute__((vector_size(32)));

// Multiply then add, lane by lane: the same two roundings as `s += w * x`
// (the build uses -std=c++17, so no FMA contraction).
__attribute__((target_clones("avx2", "default"))) void block_rows(const float* wp, const float* x, int ldx,
                                                                   int rows, int K, float* y, int ldy, int nvalid) {
  v8 acc[kRows];
  for (int r = 0; r < kRows; ++r) acc[r] = v8{0, 0, 0, 0, 0, 0, 0, 0};
  for (int k = 0; k < K; ++k) {
    v8 w;
    __builtin_memcpy(&w, wp + size_t(k) * kLanes, sizeof w);
    for (int r = 0; r < rows; ++r) acc[r] += w * x[size_t(r) * ldx + k];
  }
  for (int r = 0; r < rows; ++r)
    for (int j = 0; j < nvalid; ++j) y[size_t(r) * ldy + j] = acc[r][j];
}

class PackedFp32Linear final : public PreparedLinear {
 public:
  explicit PackedFp32Linear(const Matrix<float>& w) : n_(w.rows), k_(w.cols) {
    blocks_ = (n_ + kLanes - 1) / kLanes;
    packed_.assign(size_t(blocks_) * k_ * kLanes, 0.f);
    for (int n = 0; n < n_; ++n) {
      float* dst = packed_.data() + size_t(n / kLanes) * k_ * kLanes + (n % kLanes);
      const float* src = w.row(n);
      for (int k = 0; k < k_; ++k) dst[size_t(k) * kLanes] = src[k];
    }
  }

  Matrix<float> forward(const Matrix<float>& x, IntGemmEngine&) const override {
    Matrix<float> y(x.rows, n_);
    auto work = [&](int b0, int b1) {
      for (int m0 = 0; m0 < x.rows; m0 += kRows) {
        const int rows = std::min(kRows, x.rows - m0);
        for (int b = b0; b < b1; ++b)
          block_rows(packed_.data() + size_t(b) * k_ * kLanes, x.row(m0), x.cols, rows, k_, y.row(m0) + b * kLanes,
                     n_, std::min(kLanes, n_ - b * kLanes));
      }
    };
    // Threads only pay off on big layers; each owns whole output blocks, so
    // results do not depend on the thread count.
    const double macs = double(x.rows) * n_ * k_;
    const int threads = macs < 4e6 ? 1 : int(std::max(1u, std::thread::hardware_concurrency()));
    if (threads == 1) {
      work(0, blocks_);
      return y;
    }
    std::vector<std::thread> pool;
    const int per = (blocks_ + threads - 1) / threads;
    for (int t = 0; t < threads; ++t) {
      const int b0 = t * per, b1 = std::min(blocks_, b0 + per);
      if (b0 < b1) pool.emplace_back(work, b0, b1);
    }
    for (auto& th : pool) th.join();
    return y;
  }

 private:
  int n_, k_, blocks_;
  std::vector<float> packed_;
};

}  // namespace

std::unique_ptr<PreparedLinear> make_packed_fp32_linear(const Matrix<float>& w) {
  if (w.rows <= 0 || w.cols <= 0 || w.data.size() != size_t(w.rows) * size_t(w.cols)) {
    // An empty or malformed matrix would make a zero-size layer silently.
    throw std::invalid_argument("packed fp32 linear: weight matrix is empty or malformed");
  }
  return std::make_unique<PackedFp32Linear>(w);
}

}  // namespace tpe
