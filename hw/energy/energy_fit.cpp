#include "hw/energy/energy_fit.hpp"

#include <cmath>
#include <stdexcept>

namespace tpe::hw {
namespace {

// Solves the normal equations of the columns in `active` (columns scaled to
// unit norm first: counts range from hundreds of read-outs to millions of
// toggles). Gaussian elimination with partial pivoting.
std::vector<double> least_squares(const std::vector<std::vector<double>>& a, const std::vector<double>& y,
                                  const std::vector<size_t>& active) {
  const size_t n = active.size();
  std::vector<double> scale(n, 0.0);
  for (size_t j = 0; j < n; ++j) {
    for (const auto& row : a) scale[j] += row[active[j]] * row[active[j]];
    scale[j] = std::sqrt(scale[j]);
  }
  std::vector<std::vector<double>> m(n, std::vector<double>(n + 1, 0.0));
  for (size_t r = 0; r < a.size(); ++r)
    for (size_t i = 0; i < n; ++i) {
      const double ai = a[r][active[i]] / scale[i];
      for (size_t j = 0; j < n; ++j) m[i][j] += ai * a[r][active[j]] / scale[j];
      m[i][n] += ai * y[r];
    }
  for (size_t c = 0; c < n; ++c) {
    size_t p = c;
    for (size_t r = c + 1; r < n; ++r)
      if (std::abs(m[r][c]) > std::abs(m[p][c])) p = r;
    std::swap(m[c], m[p]);
    if (std::abs(m[c][c]) < 1e-12)
      throw std::invalid_argument("energy fit: the runs cannot tell two actions apart (singular system)");
    for (size_t r = 0; r < n; ++r) {
      if (r == c) continue;
      const double f = m[r][c] / m[c][c];
      for (size_t k = c; k <= n; ++k) m[r][k] -= f * m[c][k];
    }
  }
  std::vector<double> x(n);
  for (size_t i = 0; i < n; ++i) x[i] = m[i][n] / m[i][i] / scale[i];
  return x;
}

}  // namespace

EnergyFit fit_action_energies(const std::vector<std::vector<double>>& counts, const std::vector<double>& energy) {
  if (counts.empty() || counts.size() != energy.size())
    throw std::invalid_argument("energy fit: need one energy per run");
  const size_t k = counts.front().size();
  for (const auto& row : counts)
    if (row.size() != k) throw std::invalid_argument("energy fit: runs count different actions");
  for (size_t j = 0; j < k; ++j) {
    bool any = false;
    for (const auto& row : counts) any = any || row[j] != 0.0;
    if (!any) throw std::invalid_argument("energy fit: action " + std::to_string(j) + " occurs in no run");
  }
  EnergyFit fit;
  fit.per_action.assign(k, 0.0);
  fit.clamped.assign(k, false);
  std::vector<size_t> active;
  for (size_t j = 0; j < k; ++j) active.push_back(j);
  // Active set: drop the most negative coefficient and refit until none is.
  while (!active.empty()) {
    const std::vector<double> x = least_squares(counts, energy, active);
    size_t worst = active.size();
    for (size_t i = 0; i < x.size(); ++i)
      if (x[i] < 0 && (worst == active.size() || x[i] < x[worst])) worst = i;
    if (worst == active.size()) {
      for (size_t i = 0; i < x.size(); ++i) fit.per_action[active[i]] = x[i];
      break;
    }
    fit.clamped[active[worst]] = true;
    active.erase(active.begin() + long(worst));
  }
  for (size_t r = 0; r < counts.size(); ++r) {
    double e = 0.0;
    for (size_t j = 0; j < k; ++j) e += counts[r][j] * fit.per_action[j];
    fit.residual.push_back(energy[r] - e);
  }
  return fit;
}

}  // namespace tpe::hw
