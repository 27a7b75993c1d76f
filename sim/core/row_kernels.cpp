#include "sim/core/row_kernels.hpp"

#include <algorithm>
#include <cstdlib>

namespace tpe {

__attribute__((target_clones("avx2", "default"))) void axpy_row(uint64_t* __restrict sum, int32_t a,
                                                                  const int32_t* __restrict w, int n) {
  for (int j = 0; j < n; ++j) sum[j] += uint64_t(int64_t(a) * int64_t(w[j]));
}

namespace {

constexpr int kLaneBlock = 16;  // columns whose 32-bit partials stay in registers (2 AVX2 vectors)

// sum[j] += int32(sum_{t < terms} x[t * xs] * w[t * ws + j]) for the
// kLaneBlock columns at sum, w. The inner sum wraps modulo 2^32 (unsigned,
// so wrapping is defined) in a fixed-size array the compiler keeps in registers.
inline void add_block(uint64_t* __restrict sum, const int32_t* __restrict x, size_t xs, const int32_t* __restrict w,
                      size_t ws, int terms) {
  uint32_t part[kLaneBlock] = {};
  for (int t = 0; t < terms; ++t) {
    const uint32_t xv = uint32_t(x[size_t(t) * xs]);
    const int32_t* wr = w + size_t(t) * ws;
    for (int j = 0; j < kLaneBlock; ++j) part[j] += xv * uint32_t(wr[j]);
  }
  for (int j = 0; j < kLaneBlock; ++j) sum[j] += uint64_t(int64_t(int32_t(part[j])));
}

__attribute__((target_clones("avx2", "default"))) void add_i32(uint64_t* __restrict sum, const int32_t* __restrict x,
                                                                size_t xs, const int32_t* __restrict w, size_t ws,
                                                                int terms, int n) {
  int j0 = 0;
  for (; j0 + kLaneBlock <= n; j0 += kLaneBlock) add_block(sum + j0, x, xs, w + j0, ws, terms);
  for (; j0 < n; ++j0) {  // the last columns, one at a time
    uint32_t part = 0;
    for (int t = 0; t < terms; ++t) part += uint32_t(x[size_t(t) * xs]) * uint32_t(w[size_t(t) * ws + size_t(j0)]);
    sum[j0] += uint64_t(int64_t(int32_t(part)));
  }
}

int64_t max_abs(const IntFormat& f) { return std::max(std::abs(f.min_value()), std::abs(f.max_value())); }

}  // namespace

OperandDotProducts::OperandDotProducts(const IntFormat& x, const IntFormat& w, int acc_bits) {
  const int64_t max_product = max_abs(x) * max_abs(w), int32_max = (int64_t(1) << 31) - 1;
  if (acc_bits <= 32)
    chunk_ = int64_t(1) << 30;  // the low 32 bits of a wrapped sum are exact, however many terms
  else if (max_product <= int32_max)
    chunk_ = int32_max / std::max<int64_t>(1, max_product);
  else
    chunk_ = 0;
}

void OperandDotProducts::add(uint64_t* sum, const int32_t* x, size_t x_stride, const int32_t* w, size_t w_stride,
                             int terms, int n) const {
  if (chunk_ == 0) {
    for (int t = 0; t < terms; ++t) axpy_row(sum, x[size_t(t) * x_stride], w + size_t(t) * w_stride, n);
    return;
  }
  for (int t0 = 0; t0 < terms; t0 += int(std::min<int64_t>(chunk_, terms - t0)))
    add_i32(sum, x + size_t(t0) * x_stride, x_stride, w + size_t(t0) * w_stride, w_stride,
            int(std::min<int64_t>(chunk_, terms - t0)), n);
}

}  // namespace tpe
