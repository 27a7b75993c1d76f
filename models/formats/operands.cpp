#include "models/formats/operands.hpp"

#include <algorithm>
#include <cmath>
#include <random>

namespace tpe {

OperandMatrix random_operands(int rows, int cols, const IntFormat& f, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_int_distribution<int64_t> dist(f.min_value(), f.max_value());
  OperandMatrix m(rows, cols);
  for (auto& v : m.data) v = int32_t(dist(rng));
  const int64_t extremes[] = {f.min_value(), f.max_value(), 0};
  for (size_t i = 0; i < 3 && i < m.data.size(); ++i) m.data[i] = int32_t(extremes[i]);
  return m;
}

OperandMatrix quantize_symmetric(const Matrix<float>& x, const IntFormat& f) {
  float absmax = 0.f;
  for (float v : x.data) absmax = std::max(absmax, std::fabs(v));
  // Unsigned formats get the magnitude only (negative values clamp to 0).
  const double qmax = double(f.max_value());
  const double scale = absmax > 0 ? absmax / qmax : 1.0;
  OperandMatrix q(x.rows, x.cols);
  for (size_t i = 0; i < x.data.size(); ++i) {
    double r = std::nearbyint(double(x.data[i]) / scale);  // default FP rounding mode: half to even
    r = std::clamp(r, double(f.min_value()), qmax);
    q.data[i] = int32_t(r);
  }
  return q;
}

}  // namespace tpe
