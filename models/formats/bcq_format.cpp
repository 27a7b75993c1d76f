#include "models/formats/bcq_format.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>

#include <fmt/format.h>

#include "models/formats/int_formats.hpp"

namespace tpe {

std::vector<ApotTerm> apot_decompose(double x, int terms) {
  if (terms < 1 || terms > 4)
    throw std::invalid_argument(fmt::format("apot terms = {} is out of range; allowed 1..4", terms));
  std::vector<ApotTerm> out(static_cast<size_t>(terms));
  for (auto& t : out) {
    if (x == 0.0 || !std::isfinite(x)) break;
    const int e = int(std::clamp(rne(std::log2(std::fabs(x))), -64.0, 63.0));
    t.sign = x > 0 ? 1 : -1;
    t.exp = int8_t(e);
    x -= t.sign * std::ldexp(1.0, e);
  }
  return out;
}

double apot_value(const std::vector<ApotTerm>& t) {
  double v = 0.0;
  for (const auto& a : t) v += a.sign * std::ldexp(1.0, a.exp);
  return v;
}

double BcqWeights::dequant(int nn, int kk) const {
  double v = 0.0;
  for (int b = 0; b < bits; ++b) {
    const ApotTerm* t = alpha_terms(kk / block_cols, b, nn / block_rows);
    double a = 0.0;
    for (int i = 0; i < terms; ++i) a += t[i].sign * std::ldexp(1.0, t[i].exp);
    v += a * beta_sign(nn, kk, b);
  }
  return v;
}

namespace {

// Best sign pattern (bit b set <-> +1) for value v; ties keep the lowest pattern.
uint8_t best_pattern(double v, const std::vector<double>& alpha) {
  const int B = int(alpha.size());
  uint8_t best = 0;
  double best_err = INFINITY;
  for (int p = 0; p < (1 << B); ++p) {
    double s = 0.0;
    for (int b = 0; b < B; ++b) s += (p >> b & 1) ? alpha[size_t(b)] : -alpha[size_t(b)];
    const double err = std::fabs(v - s);
    if (err < best_err) {
      best_err = err;
      best = uint8_t(p);
    }
  }
  return best;
}

// Least-squares alpha for fixed signs: (S^T S) alpha = S^T v by Gaussian
// elimination with partial pivoting; keeps `alpha` if the system is singular.
void refit_alpha(const std::vector<double>& v, const std::vector<uint8_t>& pat, std::vector<double>& alpha) {
  const int B = int(alpha.size());
  std::vector<std::vector<double>> a(static_cast<size_t>(B), std::vector<double>(size_t(B) + 1, 0.0));
  for (size_t i = 0; i < v.size(); ++i)
    for (int r = 0; r < B; ++r) {
      const double sr = (pat[i] >> r & 1) ? 1.0 : -1.0;
      for (int c = 0; c < B; ++c) a[size_t(r)][size_t(c)] += sr * ((pat[i] >> c & 1) ? 1.0 : -1.0);
      a[size_t(r)][size_t(B)] += sr * v[i];
    }
  for (int c = 0; c < B; ++c) {
    int piv = c;
    for (int r = c + 1; r < B; ++r)
      if (std::fabs(a[size_t(r)][size_t(c)]) > std::fabs(a[size_t(piv)][size_t(c)])) piv = r;
    if (std::fabs(a[size_t(piv)][size_t(c)]) < 1e-9) return;  // singular: keep the previous alpha
    std::swap(a[size_t(piv)], a[size_t(c)]);
    for (int r = 0; r < B; ++r) {
      if (r == c) continue;
      const double f = a[size_t(r)][size_t(c)] / a[size_t(c)][size_t(c)];
      for (int cc = c; cc <= B; ++cc) a[size_t(r)][size_t(cc)] -= f * a[size_t(c)][size_t(cc)];
    }
  }
  for (int b = 0; b < B; ++b) alpha[size_t(b)] = a[size_t(b)][size_t(B)] / a[size_t(b)][size_t(b)];
}

}  // namespace

BcqWeights quantize_bcq_apot(const Matrix<float>& w, int bits, int terms, int block_rows, int block_cols, int iters) {
  if (bits < 1 || bits > 8) throw std::invalid_argument(fmt::format("bcq bits = {} is out of range; allowed 1..8", bits));
  if (terms < 1 || terms > 4)
    throw std::invalid_argument(fmt::format("bcq terms = {} is out of range; allowed 1..4", terms));
  if (block_rows < 1)
    throw std::invalid_argument(fmt::format("bcq block_rows = {} is out of range; allowed 1..2^24", block_rows));
  if (block_cols < 1)
    throw std::invalid_argument(fmt::format("bcq block_cols = {} is out of range; allowed 1..2^24", block_cols));
  if (iters < 0) throw std::invalid_argument(fmt::format("bcq iters = {} is out of range; allowed >= 0", iters));
  if (w.rows < 1 || w.cols < 1)
    throw std::invalid_argument(fmt::format("bcq weights are {}x{}; allowed N >= 1, K >= 1", w.rows, w.cols));
  BcqWeights q;
  q.n = w.rows;
  q.k = w.cols;
  q.bits = bits;
  q.terms = terms;
  q.block_rows = block_rows;
  q.block_cols = block_cols;
  q.beta.assign(size_t(q.n) * q.k, 0);
  q.alpha.assign(size_t(q.col_blocks()) * bits * q.row_blocks() * terms, ApotTerm{});
  for (int kb = 0; kb < q.col_blocks(); ++kb)
    for (int rb = 0; rb < q.row_blocks(); ++rb) {
      std::vector<std::pair<int, int>> pos;
      std::vector<double> v;
      for (int n = rb * block_rows; n < std::min(q.n, (rb + 1) * block_rows); ++n)
        for (int k = kb * block_cols; k < std::min(q.k, (kb + 1) * block_cols); ++k) {
          pos.emplace_back(n, k);
          v.push_back(w(n, k));
        }
      // Greedy init on the residual.
      std::vector<double> alpha(static_cast<size_t>(bits)), r = v;
      std::vector<uint8_t> pat(v.size(), 0);
      for (int b = 0; b < bits; ++b) {
        double mean = 0.0;
        for (double x : r) mean += std::fabs(x);
        alpha[size_t(b)] = mean / double(r.size());
        for (size_t i = 0; i < r.size(); ++i) {
          const bool plus = r[i] >= 0.0;
          if (plus) pat[i] |= uint8_t(1 << b);
          r[i] -= plus ? alpha[size_t(b)] : -alpha[size_t(b)];
        }
      }
      for (int it = 0; it < iters; ++it) {
        refit_alpha(v, pat, alpha);
        for (size_t i = 0; i < v.size(); ++i) pat[i] = best_pattern(v[i], alpha);
      }
      // APoT rounding, descending order, final sign choice.
      std::vector<std::vector<ApotTerm>> terms_b(static_cast<size_t>(bits));
      std::vector<double> rounded(static_cast<size_t>(bits));
      for (int b = 0; b < bits; ++b) {
        terms_b[size_t(b)] = apot_decompose(std::fabs(alpha[size_t(b)]), terms);
        rounded[size_t(b)] = apot_value(terms_b[size_t(b)]);
      }
      std::vector<int> order(static_cast<size_t>(bits));
      std::iota(order.begin(), order.end(), 0);
      std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return rounded[size_t(a)] > rounded[size_t(b)]; });
      std::vector<double> sorted(static_cast<size_t>(bits));
      for (int b = 0; b < bits; ++b) {
        sorted[size_t(b)] = rounded[size_t(order[size_t(b)])];
        std::copy(terms_b[size_t(order[size_t(b)])].begin(), terms_b[size_t(order[size_t(b)])].end(),
                  q.alpha.begin() + std::ptrdiff_t(((size_t(kb) * bits + b) * q.row_blocks() + rb) * terms));
      }
      for (size_t i = 0; i < v.size(); ++i)
        q.beta[size_t(pos[i].first) * q.k + pos[i].second] = best_pattern(v[i], sorted);
    }
  return q;
}

}  // namespace tpe
