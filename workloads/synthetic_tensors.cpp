#include "workloads/synthetic_tensors.hpp"

#include <algorithm>
#include <cmath>
#include <thread>
#include <vector>

#include "models/util/splitmix.hpp"

namespace tpe {
namespace {

// Box-Muller on 53-bit uniforms: exact N(0,1) pairs, cheap enough for the
// ~1e9 values of a Llama-2-70B layer.
void gaussian_row(float* out, int n, float stddev, uint64_t seed) {
  uint64_t s = seed;
  const double two_pi = 6.283185307179586;
  for (int i = 0; i < n; i += 2) {
    const double u1 = (double(splitmix64(s) >> 11) + 1.0) * 0x1.0p-53;  // (0, 1]
    const double u2 = double(splitmix64(s) >> 11) * 0x1.0p-53;
    const double r = std::sqrt(-2.0 * std::log(u1));
    out[i] = float(stddev * r * std::cos(two_pi * u2));
    if (i + 1 < n) out[i + 1] = float(stddev * r * std::sin(two_pi * u2));
  }
}

uint64_t mix(uint64_t a, uint64_t b) {
  uint64_t s = a ^ (b * 0x9e3779b97f4a7c15ull);
  return splitmix64(s);
}

}  // namespace

Matrix<float> gaussian_matrix(int rows, int cols, float stddev, uint64_t seed) {
  Matrix<float> m(rows, cols);
  const int threads = rows * double(cols) < 1e6 ? 1 : int(std::max(1u, std::thread::hardware_concurrency()));
  auto work = [&](int t) {
    for (int r = t; r < rows; r += threads) gaussian_row(m.row(r), cols, stddev, mix(seed, uint64_t(r)));
  };
  std::vector<std::thread> pool;
  for (int t = 1; t < threads; ++t) pool.emplace_back(work, t);
  work(0);
  for (auto& th : pool) th.join();
  return m;
}

Matrix<float> synthetic_activations(int rows, int cols, uint64_t seed, const ActivationStats& s) {
  Matrix<float> x = gaussian_matrix(rows, cols, s.stddev, seed);
  const int n_out = std::min(cols, s.outlier_channels >= 0 ? s.outlier_channels : std::max(2, cols / 512));
  uint64_t st = mix(seed, 0xa11ce);
  std::vector<int> chans;
  while (int(chans.size()) < n_out) {
    const int c = int(splitmix64(st) % uint64_t(cols));
    if (std::find(chans.begin(), chans.end(), c) == chans.end()) chans.push_back(c);
  }
  for (int r = 0; r < rows; ++r)
    for (int c : chans) x(r, c) *= s.outlier_scale;
  return x;
}

LayerWeights synthetic_layer_weights(const LlmArch& a, int layer, uint64_t seed) {
  const uint64_t base = mix(seed, uint64_t(layer) + 1);
  const float sd = a.init_std;
  const int D = a.dim, KV = a.kv_dim(), H = a.hidden_dim;
  LayerWeights w;
  w.attn_norm.assign(size_t(D), 1.0f);
  w.ffn_norm.assign(size_t(D), 1.0f);
  w.wq = gaussian_matrix(D, D, sd, mix(base, 1));
  w.wk = gaussian_matrix(KV, D, sd, mix(base, 2));
  w.wv = gaussian_matrix(KV, D, sd, mix(base, 3));
  w.wo = gaussian_matrix(D, D, sd, mix(base, 4));
  w.w1 = gaussian_matrix(H, D, sd, mix(base, 5));
  w.w2 = gaussian_matrix(D, H, sd, mix(base, 6));
  if (a.ffn == FfnKind::SwiGlu) w.w3 = gaussian_matrix(H, D, sd, mix(base, 7));
  if (a.norm == NormKind::Layer) {
    w.attn_norm_bias.assign(size_t(D), 0.0f);
    w.ffn_norm_bias.assign(size_t(D), 0.0f);
  }
  if (a.biases) {
    auto vec = [&](int n, uint64_t k) { return gaussian_matrix(1, n, sd, mix(base, k)).data; };
    w.bq = vec(D, 11);
    w.bk = vec(KV, 12);
    w.bv = vec(KV, 13);
    w.bo = vec(D, 14);
    w.b1 = vec(H, 15);
    w.b2 = vec(D, 16);
  }
  return w;
}

void fill_synthetic_cache(KvCache& c, int positions, uint64_t seed) {
  const int n = std::min(positions, c.capacity());
  for (int t = 0; t < n; ++t) {
    gaussian_row(c.k.row(t), c.k.cols, 1.0f, mix(seed, 2 * uint64_t(t)));
    gaussian_row(c.v.row(t), c.v.cols, 1.0f, mix(seed, 2 * uint64_t(t) + 1));
  }
}

}  // namespace tpe
