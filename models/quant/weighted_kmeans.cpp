#include "models/quant/weighted_kmeans.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "models/util/splitmix.hpp"

namespace tpe {
namespace {

int nearest(const std::vector<float>& c, float v) {
  int best = 0;
  double bd = std::numeric_limits<double>::infinity();
  for (size_t j = 0; j < c.size(); ++j) {
    const double d = std::fabs(double(v) - double(c[j]));
    if (d < bd) {
      bd = d;
      best = int(j);
    }
  }
  return best;
}

}  // namespace

Codebook weighted_kmeans_1d(const std::vector<float>& v, const std::vector<double>& wt, int clusters, uint64_t seed,
                            int max_iter) {
  const size_t n = v.size();
  Codebook cb;
  // k-means++: the first centre drawn by weight, each next by weight * distance^2.
  uint64_t s = seed;
  double total = 0;
  for (double x : wt) total += x;
  auto draw = [&](const std::vector<double>& p, double sum) -> size_t {
    double r = splitmix_unit(s) * sum;
    for (size_t i = 0; i < n; ++i) {
      if (p[i] <= 0) continue;
      if (r < p[i]) return i;
      r -= p[i];
    }
    for (size_t i = n; i-- > 0;)
      if (p[i] > 0) return i;
    return 0;
  };
  std::vector<float>& c = cb.centroids;
  c.push_back(total > 0 ? v[draw(wt, total)] : v[0]);
  std::vector<double> d2(n);
  while (int(c.size()) < clusters) {
    double sum = 0;
    for (size_t i = 0; i < n; ++i) {
      double m = std::numeric_limits<double>::infinity();
      for (float cc : c) m = std::min(m, (double(v[i]) - cc) * (double(v[i]) - cc));
      d2[i] = wt[i] * m;
      sum += d2[i];
    }
    if (!(sum > 0)) {  // every weighted value already is a centre
      c.push_back(c.back());
      continue;
    }
    c.push_back(v[draw(d2, sum)]);
  }
  std::sort(c.begin(), c.end());
  cb.assign.assign(n, 0);
  for (int it = 0; it < max_iter; ++it) {
    bool changed = it == 0;
    for (size_t i = 0; i < n; ++i) {
      const int a = nearest(c, v[i]);
      if (a != cb.assign[i]) changed = true;
      cb.assign[i] = a;
    }
    if (!changed) break;
    std::vector<double> num(c.size(), 0.0), den(c.size(), 0.0);
    for (size_t i = 0; i < n; ++i) {
      num[size_t(cb.assign[i])] += wt[i] * v[i];
      den[size_t(cb.assign[i])] += wt[i];
    }
    for (size_t j = 0; j < c.size(); ++j)
      if (den[j] > 0) c[j] = float(num[j] / den[j]);  // an empty cluster keeps its centre
    std::sort(c.begin(), c.end());
  }
  for (size_t i = 0; i < n; ++i) cb.assign[i] = nearest(c, v[i]);
  return cb;
}

}  // namespace tpe
