#include "models/quant/calibration.hpp"

#include <cmath>
#include <stdexcept>

#include <fmt/format.h>

#include "models/util/splitmix.hpp"

namespace tpe {

const LinearCalibration& ModelCalibration::at(const std::string& linear) const {
  auto it = linears.find(linear);
  if (it != linears.end()) return it->second;
  std::string known;
  for (const auto& kv : linears) known += (known.empty() ? "" : ", ") + kv.first;
  throw std::invalid_argument(
      fmt::format("no calibration activations for linear '{}' ({}); calibrated linears: {}", linear, source, known));
}

namespace {
double unit_open(uint64_t& s) { return splitmix_unit(s) + 0x1.0p-54; }  // (0, 1): log() never sees 0
}  // namespace

Matrix<float> synthetic_calibration(int k, int rows, uint64_t seed) {
  Matrix<float> x(rows, k);
  uint64_t s = seed;
  for (float& v : x.data) {
    const double u1 = unit_open(s), u2 = unit_open(s);
    v = float(std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * M_PI * u2));
  }
  return x;
}

std::vector<double> input_gram(const Matrix<float>& x) {
  const int k = x.cols;
  std::vector<double> h(size_t(k) * size_t(k), 0.0);
  for (int t = 0; t < x.rows; ++t) {
    const float* r = x.row(t);
    for (int i = 0; i < k; ++i) {
      const double xi = r[i];
      if (xi == 0.0) continue;
      double* hi = &h[size_t(i) * size_t(k)];
      for (int j = 0; j < k; ++j) hi[j] += xi * double(r[j]);
    }
  }
  const double inv = x.rows > 0 ? 1.0 / double(x.rows) : 0.0;
  for (double& v : h) v *= inv;
  return h;
}

double row_output_error(const std::vector<double>& h, const float* a, const float* b, int k) {
  std::vector<double> d(static_cast<size_t>(k));
  for (int i = 0; i < k; ++i) d[size_t(i)] = double(a[i]) - double(b[i]);
  double e = 0.0;
  for (int i = 0; i < k; ++i) {
    if (d[size_t(i)] == 0.0) continue;
    const double* hi = &h[size_t(i) * size_t(k)];
    double s = 0.0;
    for (int j = 0; j < k; ++j) s += hi[j] * d[size_t(j)];
    e += d[size_t(i)] * s;
  }
  return e;
}

double output_error(const std::vector<double>& h, const Matrix<float>& a, const Matrix<float>& b) {
  double e = 0.0;
  for (int n = 0; n < a.rows; ++n) e += row_output_error(h, a.row(n), b.row(n), a.cols);
  return e;
}

}  // namespace tpe
