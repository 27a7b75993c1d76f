// Shared test fixtures for the quantization tests: seeded data, an engine
// that records every integer GEMM, and the SQNR measure. No code under test.
#pragma once
#include <cmath>
#include <random>
#include <vector>

#include "models/formats/matrix.hpp"
#include "models/gemm/gemm_engine.hpp"

namespace tpe_test {

// Gaussian N(0, 1) entries; columns listed in `outlier_cols` are scaled by `outlier_gain`.
inline tpe::Matrix<float> gaussian(int rows, int cols, uint64_t seed, std::vector<int> outlier_cols = {},
                                   float outlier_gain = 1.0f, float sigma = 1.0f) {
  tpe::Matrix<float> m(rows, cols);
  std::mt19937_64 rng(seed);
  std::normal_distribution<float> d(0.0f, sigma);
  for (auto& v : m.data) v = d(rng);
  for (int c : outlier_cols)
    for (int r = 0; r < rows; ++r) m(r, c) *= outlier_gain;
  return m;
}

// Records every call so tests can prove the integer work went through the engine.
class RecordingEngine final : public tpe::IntGemmEngine {
 public:
  struct Call {
    int m, k, n;
    tpe::IntFormat fa, fb;
    int acc_bits;
  };
  std::vector<Call> calls;
  tpe::ResultMatrix gemm(const tpe::OperandMatrix& a, const tpe::OperandMatrix& b, const tpe::IntFormat& fa,
                         const tpe::IntFormat& fb, int acc_bits) override {
    calls.push_back({a.rows, a.cols, b.cols, fa, fb, acc_bits});
    return tpe::reference_gemm_engine().gemm(a, b, fa, fb, acc_bits);
  }
  const char* name() const override { return "recording"; }
};

// 10*log10(sum ref^2 / sum (ref - got)^2), in long double.
inline double sqnr_db(const tpe::Matrix<float>& ref, const tpe::Matrix<float>& got) {
  long double s = 0, e = 0;
  for (size_t i = 0; i < ref.data.size(); ++i) {
    const long double r = ref.data[i], d = r - (long double)got.data[i];
    s += r * r;
    e += d * d;
  }
  return double(10.0L * std::log10(s / e));
}

// y = x * w^T in long double (the wide-precision reference for SQNR).
inline tpe::Matrix<float> exact_matmul(const tpe::Matrix<float>& x, const tpe::Matrix<float>& w) {
  tpe::Matrix<float> y(x.rows, w.rows);
  for (int m = 0; m < x.rows; ++m)
    for (int n = 0; n < w.rows; ++n) {
      long double s = 0;
      for (int k = 0; k < x.cols; ++k) s += (long double)x(m, k) * w(n, k);
      y(m, n) = float(s);
    }
  return y;
}

}  // namespace tpe_test
