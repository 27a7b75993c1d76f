#include "models/quant/dense_cholesky.hpp"

#include <cmath>

namespace tpe {

bool cholesky_lower(std::vector<double>& a, int n) {
  for (int j = 0; j < n; ++j) {
    double d = a[size_t(j) * n + j];
    for (int k = 0; k < j; ++k) d -= a[size_t(j) * n + k] * a[size_t(j) * n + k];
    if (!(d > 0.0)) return false;
    const double ljj = std::sqrt(d);
    a[size_t(j) * n + j] = ljj;
    for (int i = j + 1; i < n; ++i) {
      double s = a[size_t(i) * n + j];
      for (int k = 0; k < j; ++k) s -= a[size_t(i) * n + k] * a[size_t(j) * n + k];
      a[size_t(i) * n + j] = s / ljj;
    }
    for (int k = j + 1; k < n; ++k) a[size_t(j) * n + k] = 0.0;
  }
  return true;
}

std::vector<double> inverse_from_cholesky(const std::vector<double>& l, int n) {
  // Linv by forward substitution (lower), then A^{-1} = Linv^T Linv.
  std::vector<double> li(size_t(n) * n, 0.0);
  for (int c = 0; c < n; ++c) {
    li[size_t(c) * n + c] = 1.0 / l[size_t(c) * n + c];
    for (int i = c + 1; i < n; ++i) {
      double s = 0.0;
      for (int k = c; k < i; ++k) s -= l[size_t(i) * n + k] * li[size_t(k) * n + c];
      li[size_t(i) * n + c] = s / l[size_t(i) * n + i];
    }
  }
  std::vector<double> inv(size_t(n) * n, 0.0);
  for (int i = 0; i < n; ++i)
    for (int j = 0; j <= i; ++j) {
      double s = 0.0;
      for (int k = i; k < n; ++k) s += li[size_t(k) * n + i] * li[size_t(k) * n + j];
      inv[size_t(i) * n + j] = s;
      inv[size_t(j) * n + i] = s;
    }
  return inv;
}

bool cholesky_upper(std::vector<double>& a, int n) {
  if (!cholesky_lower(a, n)) return false;
  for (int i = 0; i < n; ++i)
    for (int j = i + 1; j < n; ++j) {
      a[size_t(i) * n + j] = a[size_t(j) * n + i];
      a[size_t(j) * n + i] = 0.0;
    }
  return true;
}

}  // namespace tpe
