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

constexpr int kRowBlock = 4;       // rows of x per pass over a chunk of w: 4 x 2 vectors of partials
constexpr int kTermChunk = 512;    // terms per chunk: 512 rows of w (64 KiB at 32 columns) stay in L2

// add_block for kRowBlock rows (x + r, r < kRowBlock) at once: each row of w
// loaded once serves every row.
inline void add_block_rows(uint64_t* __restrict sum, size_t sum_stride, const int32_t* __restrict x, size_t xs,
                           const int32_t* __restrict w, size_t ws, int terms) {
  uint32_t part[kRowBlock][kLaneBlock] = {};
  for (int t = 0; t < terms; ++t) {
    const int32_t* wr = w + size_t(t) * ws;
    const int32_t* xr = x + size_t(t) * xs;
    for (int r = 0; r < kRowBlock; ++r) {
      const uint32_t xv = uint32_t(xr[r]);
      for (int j = 0; j < kLaneBlock; ++j) part[r][j] += xv * uint32_t(wr[j]);
    }
  }
  for (int r = 0; r < kRowBlock; ++r)
    for (int j = 0; j < kLaneBlock; ++j) sum[size_t(r) * sum_stride + j] += uint64_t(int64_t(int32_t(part[r][j])));
}

__attribute__((target_clones("avx2", "default"))) void add_i32_rows(uint64_t* __restrict sum, int rows,
                                                                     const int32_t* __restrict x, size_t xs,
                                                                     const int32_t* __restrict w, size_t ws,
                                                                     int terms, int n) {
  int r0 = 0;
  for (; r0 + kRowBlock <= rows; r0 += kRowBlock) {
    int j0 = 0;
    for (; j0 + kLaneBlock <= n; j0 += kLaneBlock)
      add_block_rows(sum + size_t(r0) * n + j0, size_t(n), x + r0, xs, w + j0, ws, terms);
    for (int r = r0; r < r0 + kRowBlock; ++r)  // the last columns, one at a time
      for (int j = j0; j < n; ++j) {
        uint32_t part = 0;
        for (int t = 0; t < terms; ++t) part += uint32_t(x[size_t(t) * xs + r]) * uint32_t(w[size_t(t) * ws + j]);
        sum[size_t(r) * n + j] += uint64_t(int64_t(int32_t(part)));
      }
  }
  for (; r0 < rows; ++r0) add_i32(sum + size_t(r0) * n, x + r0, xs, w, ws, terms, n);  // the last rows
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

void OperandDotProducts::add_rows(uint64_t* sum, int rows, const int32_t* x, size_t x_stride, const int32_t* w,
                                  size_t w_stride, int terms, int n) const {
  if (chunk_ == 0) {
    for (int r = 0; r < rows; ++r) add(sum + size_t(r) * n, x + r, x_stride, w, w_stride, terms, n);
    return;
  }
  // Chunks no longer than chunk_ keep every int32 partial exact (or, for an
  // accumulator of at most 32 bits, its low 32 bits), as add() does.
  const int step = int(std::min<int64_t>(chunk_, kTermChunk));
  for (int t0 = 0; t0 < terms; t0 += step)
    add_i32_rows(sum, rows, x + size_t(t0) * x_stride, x_stride, w + size_t(t0) * w_stride, w_stride,
                 std::min(step, terms - t0), n);
}

}  // namespace tpe
