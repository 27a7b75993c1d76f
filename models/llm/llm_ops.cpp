#include "models/llm/llm_ops.hpp"

#include <algorithm>
#include <cmath>

namespace tpe {

void rmsnorm_row(float* out, const float* x, const float* w, int n, float eps) {
  float ss = 0.0f;
  for (int j = 0; j < n; ++j) ss += x[j] * x[j];
  ss /= n;
  ss += eps;
  ss = 1.0f / sqrtf(ss);
  for (int j = 0; j < n; ++j) out[j] = w[j] * (ss * x[j]);
}

void layernorm_row(float* out, const float* x, const float* w, const float* b, int n, float eps) {
  float mean = 0.0f;
  for (int j = 0; j < n; ++j) mean += x[j];
  mean /= n;
  float var = 0.0f;
  for (int j = 0; j < n; ++j) {
    const float d = x[j] - mean;
    var += d * d;
  }
  var /= n;
  const float inv = 1.0f / sqrtf(var + eps);
  for (int j = 0; j < n; ++j) out[j] = (x[j] - mean) * inv * w[j] + b[j];
}

void softmax_inplace(float* x, int n) {
  float max_val = x[0];
  for (int i = 1; i < n; ++i)
    if (x[i] > max_val) max_val = x[i];
  float sum = 0.0f;
  for (int i = 0; i < n; ++i) {
    x[i] = expf(x[i] - max_val);
    sum += x[i];
  }
  for (int i = 0; i < n; ++i) x[i] /= sum;
}

void rope_rotate(float* q, float* k, int dim, int kv_dim, int head_size, int pos, float theta) {
  for (int i = 0; i < dim; i += 2) {
    const int head_dim = i % head_size;
    const float freq = 1.0f / powf(theta, head_dim / float(head_size));
    const float val = pos * freq;
    const float fcr = cosf(val), fci = sinf(val);
    // q always rotates; k only over its (smaller, under GQA) kv_dim.
    const int rotn = i < kv_dim ? 2 : 1;
    for (int v = 0; v < rotn; ++v) {
      float* vec = v == 0 ? q : k;
      const float v0 = vec[i], v1 = vec[i + 1];
      vec[i] = v0 * fcr - v1 * fci;
      vec[i + 1] = v0 * fci + v1 * fcr;
    }
  }
}

void swiglu_inplace(float* h1, const float* h3, int n) {
  for (int i = 0; i < n; ++i) {
    float val = h1[i];
    val *= (1.0f / (1.0f + expf(-val)));
    val *= h3[i];
    h1[i] = val;
  }
}

void relu_inplace(float* h, int n) {
  for (int i = 0; i < n; ++i) h[i] = h[i] > 0.0f ? h[i] : 0.0f;
}

int argmax_first(const float* x, int n) {
  int best = 0;
  for (int i = 1; i < n; ++i)
    if (x[i] > x[best]) best = i;
  return best;
}

double negative_log_likelihood(const float* logits, int n, int target) {
  double mx = logits[0];
  for (int i = 1; i < n; ++i) mx = std::max(mx, double(logits[i]));
  double sum = 0;
  for (int i = 0; i < n; ++i) sum += std::exp(double(logits[i]) - mx);
  return std::log(sum) + mx - double(logits[target]);
}

}  // namespace tpe
