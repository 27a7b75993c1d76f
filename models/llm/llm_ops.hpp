// Element-wise and row operations of a decoder layer, each in the exact fp32
// operation order of llama2.c run.c so the fp32 path reproduces it bit for bit.
#pragma once
#include <vector>

namespace tpe {

// run.c rmsnorm: ss = sum x^2 (ascending, fp32); ss = ss/n + eps; ss = 1/sqrtf(ss);
// out[j] = w[j] * (ss * x[j]). `out` may alias `x`.
void rmsnorm_row(float* out, const float* x, const float* w, int n, float eps);

// LayerNorm (OPT): mean and variance in fp32 ascending order, then
// out = (x - mean) / sqrtf(var + eps) * w + b.
void layernorm_row(float* out, const float* x, const float* w, const float* b, int n, float eps);

// run.c softmax: subtract the max (first pass), expf and sum (second), divide (third).
void softmax_inplace(float* x, int n);

// run.c RoPE for one token at `pos`: pairs (i, i+1) of q (all `dim`) and of k
// (first `kv_dim`) rotate by pos * theta^(-(i % head_size)/head_size).
void rope_rotate(float* q, float* k, int dim, int kv_dim, int head_size, int pos, float theta);

// run.c SwiGLU: h1 = h1 * (1/(1+expf(-h1))) then * h3, in place in h1.
void swiglu_inplace(float* h1, const float* h3, int n);

void relu_inplace(float* h, int n);

// Index of the largest value; the first one on ties (run.c sample_argmax).
int argmax_first(const float* x, int n);

// -log softmax(x)[target] in double (a metric, not part of the datapath).
double negative_log_likelihood(const float* logits, int n, int target);

}  // namespace tpe
