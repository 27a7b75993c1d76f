#include "sim/core/row_kernels.hpp"

#include <algorithm>
#include <cstdlib>
#include <vector>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define TPE_PAIR_KERNEL 1
#endif

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

#ifdef TPE_PAIR_KERNEL
// The tile's operands in pmaddwd's layout: term pairs (2q, 2q+1) side by
// side in int16, an odd last term paired with 0. xp[q * rows + i] holds row
// i's pair as one 32-bit word (broadcast to every lane); wp[(q * n_pad + j) *
// 2 + {0,1}] column j's pair, columns padded to whole 8-lane vectors with
// zeros. Both are written pair by pair, contiguously (a row-major xp would
// write `rows` lines a power-of-two stride apart for every term: L1 set
// conflicts that cost more than the MACs), and every element is written, so
// the buffers are reused without clearing.
struct PairPack {
  std::vector<uint32_t> xp;
  std::vector<int16_t> wp;
  int pairs = 0, n_pad = 0, rows = 0;
};

inline uint32_t low16(int32_t v) { return uint32_t(uint16_t(int16_t(v))); }

void pack_pairs(PairPack& p, int rows, const int32_t* x, size_t xs, const int32_t* w, size_t ws, int terms, int n) {
  p.pairs = (terms + 1) / 2;
  p.n_pad = (n + 7) / 8 * 8;
  p.rows = rows;
  if (p.xp.size() < size_t(rows) * size_t(p.pairs)) p.xp.resize(size_t(rows) * size_t(p.pairs));
  if (p.wp.size() < size_t(p.pairs) * size_t(p.n_pad) * 2) p.wp.resize(size_t(p.pairs) * size_t(p.n_pad) * 2);
  for (int q = 0; q < p.pairs; ++q) {
    const int32_t* x0 = x + size_t(2 * q) * xs;
    const int32_t* w0 = w + size_t(2 * q) * ws;
    const bool two = 2 * q + 1 < terms;
    uint32_t* xd = &p.xp[size_t(q) * size_t(rows)];
    int16_t* wd = &p.wp[size_t(q) * size_t(p.n_pad) * 2];
    if (two) {
      const int32_t* x1 = x0 + xs;
      const int32_t* w1 = w0 + ws;
      for (int i = 0; i < rows; ++i) xd[i] = low16(x0[i]) | (low16(x1[i]) << 16);
      for (int j = 0; j < n; ++j) wd[2 * j] = int16_t(w0[j]), wd[2 * j + 1] = int16_t(w1[j]);
    } else {
      for (int i = 0; i < rows; ++i) xd[i] = low16(x0[i]);
      for (int j = 0; j < n; ++j) wd[2 * j] = int16_t(w0[j]), wd[2 * j + 1] = 0;
    }
    for (int j = n; j < p.n_pad; ++j) wd[2 * j] = 0, wd[2 * j + 1] = 0;
  }
}

// R rows x V 8-column vectors of the tile, starting at row i0 and column j0:
// R*V accumulators stay in registers across all pairs, each loaded W vector
// serves R rows. int32 lanes wrap modulo 2^32 (pmaddwd's one overflow case,
// (-32768)^2 * 2, gives 2^31 mod 2^32: still exact in the low 32 bits), and
// add() has decided the chunk keeps them exact where more bits matter.
template <int R, int V>
__attribute__((target("avx2"))) void pair_block(uint64_t* tile, int n, const PairPack& p, int i0, int j0) {
  __m256i acc[R][V];
  for (int r = 0; r < R; ++r)
    for (int v = 0; v < V; ++v) acc[r][v] = _mm256_setzero_si256();
  for (int q = 0; q < p.pairs; ++q) {
    const int16_t* wq = &p.wp[(size_t(q) * size_t(p.n_pad) + size_t(j0)) * 2];
    const uint32_t* xq = &p.xp[size_t(q) * size_t(p.rows) + size_t(i0)];
    __m256i wv[V];
    for (int v = 0; v < V; ++v) wv[v] = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(wq + 16 * v));
    for (int r = 0; r < R; ++r) {
      const __m256i xv = _mm256_set1_epi32(int32_t(xq[r]));
      for (int v = 0; v < V; ++v) acc[r][v] = _mm256_add_epi32(acc[r][v], _mm256_madd_epi16(xv, wv[v]));
    }
  }
  for (int r = 0; r < R; ++r)
    for (int v = 0; v < V; ++v) {
      alignas(32) int32_t lanes[8];
      _mm256_store_si256(reinterpret_cast<__m256i*>(lanes), acc[r][v]);
      uint64_t* out = tile + size_t(i0 + r) * size_t(n) + size_t(j0 + 8 * v);
      for (int l = 0; l < 8 && j0 + 8 * v + l < n; ++l) out[l] += uint64_t(int64_t(lanes[l]));
    }
}

template <int R>
void pair_rows(uint64_t* tile, int n, const PairPack& p, int i0) {
  int j0 = 0;
  for (; j0 + 16 <= p.n_pad; j0 += 16) pair_block<R, 2>(tile, n, p, i0, j0);
  if (j0 < p.n_pad) pair_block<R, 1>(tile, n, p, i0, j0);
}

void add_tile_pairs(uint64_t* tile, int rows, const int32_t* x, size_t xs, const int32_t* w, size_t ws, int terms,
                    int n) {
  thread_local PairPack p;  // reused: no allocation per tile once grown
  pack_pairs(p, rows, x, xs, w, ws, terms, n);
  int i0 = 0;
  for (; i0 + 4 <= rows; i0 += 4) pair_rows<4>(tile, n, p, i0);
  for (; i0 < rows; ++i0) pair_rows<1>(tile, n, p, i0);
}

bool have_avx2() {
  static const bool yes = __builtin_cpu_supports("avx2");
  return yes;
}
#endif

bool fits_int16(const IntFormat& f) { return f.min_value() >= -32768 && f.max_value() <= 32767; }

int64_t max_abs(const IntFormat& f) { return std::max(std::abs(f.min_value()), std::abs(f.max_value())); }

}  // namespace

OperandDotProducts::OperandDotProducts(const IntFormat& x, const IntFormat& w, int acc_bits)
    : int16_pairs_(fits_int16(x) && fits_int16(w)) {
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

void OperandDotProducts::add_tile(uint64_t* tile, int rows, const int32_t* x, size_t x_stride, const int32_t* w,
                                  size_t w_stride, int terms, int n) const {
#ifdef TPE_PAIR_KERNEL
  if (chunk_ != 0 && int16_pairs_ && have_avx2()) {
    for (int t0 = 0; t0 < terms; t0 += int(std::min<int64_t>(chunk_, terms - t0)))
      add_tile_pairs(tile, rows, x + size_t(t0) * x_stride, x_stride, w + size_t(t0) * w_stride, w_stride,
                     int(std::min<int64_t>(chunk_, terms - t0)), n);
    return;
  }
#endif
  for (int i = 0; i < rows; ++i) add(tile + size_t(i) * size_t(n), x + i, x_stride, w, w_stride, terms, n);
}

}  // namespace tpe
