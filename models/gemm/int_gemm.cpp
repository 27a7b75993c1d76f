#include "models/gemm/int_gemm.hpp"

#include "models/gemm/gemm_limits.hpp"
#include <unistd.h>

#include <algorithm>
#include <stdexcept>

#include <fmt/format.h>

namespace tpe {

GemmShape parse_gemm_shape(const std::string& text) {
  GemmShape s;
  long long v[3];
  char x1 = 0, x2 = 0;
  int consumed = 0;
  const bool ok = std::sscanf(text.c_str(), "%lld%c%lld%c%lld%n", &v[0], &x1, &v[1], &x2, &v[2], &consumed) == 5 &&
                  x1 == 'x' && x2 == 'x' && size_t(consumed) == text.size();
  if (!ok) throw std::invalid_argument(fmt::format("GEMM shape '{}' is not of the form MxKxN (e.g. 64x128x32)", text));
  const char* names[] = {"M", "K", "N"};
  for (int i = 0; i < 3; ++i)
    if (v[i] < 1 || v[i] > kMaxGemmDim)
      throw std::invalid_argument(
          fmt::format("GEMM shape '{}': {} = {} is out of range; allowed 1..{}", text, names[i], v[i], kMaxGemmDim));
  s.m = int(v[0]);
  s.k = int(v[1]);
  s.n = int(v[2]);
  return s;
}

double gemm_memory_bytes(const GemmShape& s) {
  const double m = s.m, k = s.k, n = s.n;
  return 4.0 * (m * k + k * n) + 3.0 * 8.0 * m * n;
}

void check_gemm_fits_memory(const GemmShape& s) {
  const double physical = double(::sysconf(_SC_PHYS_PAGES)) * double(::sysconf(_SC_PAGESIZE));
  const double need = gemm_memory_bytes(s);
  if (physical > 0 && need > physical)
    throw std::invalid_argument(fmt::format(
        "GEMM {} needs {:.1f} GiB of memory (A and B at 4 bytes per element, three M x N results at 8 bytes); "
        "allowed: at most {:.1f} GiB, this machine's physical memory",
        s.str(), need / double(1ull << 30), physical / double(1ull << 30)));
}

int64_t wrap_to_accumulator(int64_t exact, int acc_bits, bool result_signed) {
  if (acc_bits >= 64) return exact;
  const uint64_t mask = (uint64_t(1) << acc_bits) - 1;
  const uint64_t bits = uint64_t(exact) & mask;
  if (result_signed && (bits >> (acc_bits - 1)) & 1) return int64_t(bits | ~mask);
  return int64_t(bits);
}

void check_operand_range(const OperandMatrix& m, const IntFormat& f, const char* name) {
  const int64_t lo = f.min_value(), hi = f.max_value();
  for (int r = 0; r < m.rows; ++r)
    for (int c = 0; c < m.cols; ++c)
      if (m(r, c) < lo || m(r, c) > hi)
        throw std::out_of_range(fmt::format("operand {}[{}][{}] = {} is outside the {} range {}..{}", name, r, c,
                                            m(r, c), f.tag(), lo, hi));
}

namespace {

void check_shapes(const OperandMatrix& a, const OperandMatrix& b) {
  if (a.cols != b.rows)
    throw std::invalid_argument(fmt::format("GEMM inner dimensions differ: A is {}x{}, B is {}x{}", a.rows, a.cols,
                                            b.rows, b.cols));
}

// Dot products of int16 rows, 4x2 outputs at a time: each loaded vector of A
// serves two columns and each of B four rows (8 accumulators, 6 loads per
// step: 14 of the 16 AVX2 registers). int32 partial sums are exact for the
// block length chosen by the caller; the compiler turns the inner loop into
// pmaddwd.
__attribute__((target_clones("avx2", "default"))) void dot_block_i16(const int16_t* a0, size_t a_stride,
                                                                      const int16_t* b0, const int16_t* b1, int len,
                                                                      int64_t out[8]) {
  const int16_t *a1 = a0 + a_stride, *a2 = a1 + a_stride, *a3 = a2 + a_stride;
  int32_t s00 = 0, s01 = 0, s10 = 0, s11 = 0, s20 = 0, s21 = 0, s30 = 0, s31 = 0;
  for (int k = 0; k < len; ++k) {
    s00 += int32_t(a0[k]) * b0[k];
    s01 += int32_t(a0[k]) * b1[k];
    s10 += int32_t(a1[k]) * b0[k];
    s11 += int32_t(a1[k]) * b1[k];
    s20 += int32_t(a2[k]) * b0[k];
    s21 += int32_t(a2[k]) * b1[k];
    s30 += int32_t(a3[k]) * b0[k];
    s31 += int32_t(a3[k]) * b1[k];
  }
  out[0] += s00, out[1] += s01, out[2] += s10, out[3] += s11;
  out[4] += s20, out[5] += s21, out[6] += s30, out[7] += s31;
}

// Operands that fit int16 (signed up to 16 bits, unsigned up to 15) use the
// int16 kernel; K is cut into chunks short enough that int32 cannot overflow.
ResultMatrix gemm_int16_path(const OperandMatrix& a, const OperandMatrix& b, int64_t max_abs_product) {
  const int M = a.rows, K = a.cols, N = b.cols;
  std::vector<int16_t> pa(size_t(M + 3) * K, 0), pbt(size_t(N + 1) * K, 0);  // padding rows: M, N not multiples
  for (int m = 0; m < M; ++m)
    for (int k = 0; k < K; ++k) pa[size_t(m) * K + k] = int16_t(a(m, k));
  // B transposed in 16 x 16 blocks: transposing row by row writes N lines a
  // stride of 2K bytes apart for every k, and with K a power of two they all
  // fall into one L1 set (measured: 9 % of a Llama layer's check).
  constexpr int kT = 16;
  for (int k0 = 0; k0 < K; k0 += kT)
    for (int n0 = 0; n0 < N; n0 += kT)
      for (int n = n0; n < std::min(N, n0 + kT); ++n)
        for (int k = k0; k < std::min(K, k0 + kT); ++k) pbt[size_t(n) * K + k] = int16_t(b(k, n));
  const int64_t chunk64 = std::max<int64_t>(1, (int64_t(1) << 31) / std::max<int64_t>(1, max_abs_product) - 1);
  const int chunk = int(std::min<int64_t>(chunk64, 1 << 16));
  ResultMatrix c(M, N, 0);
  for (int m = 0; m < M; m += 4)
    for (int n = 0; n < N; n += 2) {
      int64_t acc[8] = {0, 0, 0, 0, 0, 0, 0, 0};
      const int16_t* a0 = &pa[size_t(m) * K];
      const int16_t* b0 = &pbt[size_t(n) * K];
      for (int k0 = 0; k0 < K; k0 += chunk) {
        const int len = std::min(chunk, K - k0);
        dot_block_i16(a0 + k0, size_t(K), b0 + k0, b0 + K + k0, len, acc);
      }
      for (int r = 0; r < 4 && m + r < M; ++r) {
        c(m + r, n) = acc[2 * r];
        if (n + 1 < N) c(m + r, n + 1) = acc[2 * r + 1];
      }
    }
  return c;
}

// Few rows of A (a GEMV, as in LLM decode): stream B's rows once, no
// packing. int32 partial sums over chunks of K short enough not to overflow,
// flushed into int64; the inner loop over n vectorizes.
__attribute__((target_clones("avx2", "default"))) void gemv_rows_i32(const OperandMatrix& a, const OperandMatrix& b,
                                                                     int64_t max_abs_product, ResultMatrix& c) {
  const int M = a.rows, K = a.cols, N = b.cols;
  const int chunk = int(std::max<int64_t>(1, std::min<int64_t>((int64_t(1) << 31) / std::max<int64_t>(1, max_abs_product) - 1, K)));
  std::vector<int32_t> part(static_cast<size_t>(N));
  for (int m = 0; m < M; ++m) {
    int64_t* crow = c.row(m);
    for (int k0 = 0; k0 < K; k0 += chunk) {
      std::fill(part.begin(), part.end(), 0);
      const int k1 = std::min(K, k0 + chunk);
      for (int k = k0; k < k1; ++k) {
        const int32_t av = a(m, k);
        if (av == 0) continue;
        const int32_t* __restrict brow = b.row(k);
        int32_t* __restrict p = part.data();
        for (int n = 0; n < N; ++n) p[n] += av * brow[n];
      }
      for (int n = 0; n < N; ++n) crow[n] += part[n];
    }
  }
}

ResultMatrix gemm_int64_path(const OperandMatrix& a, const OperandMatrix& b) {
  const int M = a.rows, K = a.cols, N = b.cols;
  ResultMatrix c(M, N, 0);
  for (int m = 0; m < M; ++m) {
    int64_t* crow = c.row(m);
    for (int k = 0; k < K; ++k) {
      const int64_t av = a(m, k);
      const int32_t* brow = b.row(k);
      for (int n = 0; n < N; ++n) crow[n] += av * brow[n];
    }
  }
  return c;
}

bool fits_int16(const IntFormat& f) { return f.is_signed ? f.bits <= 16 : f.bits <= 15; }

}  // namespace

ResultMatrix int_gemm(const OperandMatrix& a, const OperandMatrix& b, const IntFormat& fa, const IntFormat& fb,
                      int acc_bits) {
  check_shapes(a, b);
  check_operand_range(a, fa, "A");
  check_operand_range(b, fb, "B");
  // Exact sums fit int64 for <=16-bit operands and K < 2^31; wrapping after
  // the sum equals wrapping after every step (wrap is a ring homomorphism).
  ResultMatrix c;
  const int64_t pa = std::max(std::abs(fa.min_value()), std::abs(fa.max_value()));
  const int64_t pb = std::max(std::abs(fb.min_value()), std::abs(fb.max_value()));
  // The int16 kernel sums in int32 chunks of 2^31 / max|product| terms; for
  // wide operands the chunks get too short to pay off, so they take the
  // int64 path.
  const bool short_chunks = (int64_t(1) << 31) / std::max<int64_t>(1, pa * pb) < 256;
  if (a.rows <= 4 && !short_chunks) {
    c = ResultMatrix(a.rows, b.cols, 0);
    gemv_rows_i32(a, b, pa * pb, c);
  } else if (fits_int16(fa) && fits_int16(fb) && !short_chunks) {
    c = gemm_int16_path(a, b, pa * pb);
  } else {
    c = gemm_int64_path(a, b);
  }
  const bool s = product_is_signed(fa, fb);
  for (auto& v : c.data) v = wrap_to_accumulator(v, acc_bits, s);
  return c;
}

ResultMatrix int_gemm_naive(const OperandMatrix& a, const OperandMatrix& b, const IntFormat& fa, const IntFormat& fb,
                            int acc_bits) {
  check_shapes(a, b);
  ResultMatrix c(a.rows, b.cols, 0);
  const bool s = product_is_signed(fa, fb);
  for (int m = 0; m < a.rows; ++m)
    for (int n = 0; n < b.cols; ++n) {
      int64_t sum = 0;
      for (int k = 0; k < a.cols; ++k) sum += int64_t(a(m, k)) * b(k, n);
      c(m, n) = wrap_to_accumulator(sum, acc_bits, s);
    }
  return c;
}

}  // namespace tpe
