#include "models/families/shiftadd/shiftadd_arith.hpp"

#include <algorithm>
#include <stdexcept>

#include <fmt/format.h>

#include "models/gemm/int_gemm.hpp"

namespace tpe::shiftadd {

int32_t term_code(const Arith& ar, int sign, int shift) {
  if (sign == 0) return 0;
  if (shift < 0 || shift > ar.max_shift())
    throw std::invalid_argument(fmt::format("shiftadd: term shift {} outside 0..{}", shift, ar.max_shift()));
  return int32_t((1 << (ar.shift_bits + 1)) | (sign < 0 ? 1 << ar.shift_bits : 0) | shift);
}

int term_sign(const Arith& ar, int32_t code) {
  if (((code >> (ar.shift_bits + 1)) & 1) == 0) return 0;
  return (code >> ar.shift_bits) & 1 ? -1 : 1;
}

int term_shift(const Arith& ar, int32_t code) { return code & ar.max_shift(); }

std::vector<int64_t> partial_sum_table(const int32_t* x, int count) {
  std::vector<int64_t> t(kTableSize, 0);
  for (int p = 0; p < kTableSize; ++p)
    for (int j = 0; j < count; ++j) t[size_t(p)] += (p >> j) & 1 ? x[j] : -int64_t(x[j]);
  return t;
}

int plane_byte(const OperandMatrix& b, int plane, int kb, int n) {
  int byte = 0;
  for (int j = 0; j < kGroup; ++j) {
    const int k = kb * kGroup + j;
    if (k < b.rows && (b(k, n) >> plane) & 1) byte |= 1 << j;
  }
  return byte;
}

const Matrix<int32_t>& alpha_of(const Arith& ar, const OperandMatrix& b) {
  const int rows = (b.rows + kGroup - 1) / kGroup * ar.planes;
  const int cols = (b.cols + kBlockRows - 1) / kBlockRows * ar.terms;
  const auto it = b.side.find(kAlphaName);
  if (it == b.side.end())
    throw std::invalid_argument(fmt::format("shiftadd: the weight operand has no side tensor '{}' ({} x {} term codes)",
                                            kAlphaName, rows, cols));
  if (it->second.rows != rows || it->second.cols != cols)
    throw std::invalid_argument(fmt::format("shiftadd: side tensor '{}' is {} x {}; a {} x {} B needs {} x {}", kAlphaName,
                                            it->second.rows, it->second.cols, b.rows, b.cols, rows, cols));
  return it->second;
}

ResultMatrix shiftadd_gemm(const Arith& ar, const OperandMatrix& a, const OperandMatrix& b) {
  const Matrix<int32_t>& alpha = alpha_of(ar, b);
  const int K = a.cols, KB = (K + kGroup - 1) / kGroup;
  ResultMatrix c(a.rows, b.cols, 0);
  for (int m = 0; m < a.rows; ++m)
    for (int kb = 0; kb < KB; ++kb) {
      const int count = std::min(kGroup, K - kb * kGroup);
      const std::vector<int64_t> table = partial_sum_table(a.row(m) + kb * kGroup, count);
      for (int n = 0; n < b.cols; ++n) {
        int64_t sum = 0;
        for (int pl = 0; pl < ar.planes; ++pl) {
          const int64_t p = table[size_t(plane_byte(b, pl, kb, n))];
          for (int t = 0; t < ar.terms; ++t) {
            const int32_t code = alpha(kb * ar.planes + pl, (n / kBlockRows) * ar.terms + t);
            const int s = term_sign(ar, code);
            // A left shift of a two's-complement value, modulo 2^64 (wrapped to acc_bits below).
            const int64_t shifted = int64_t(uint64_t(p) << term_shift(ar, code));
            sum += s > 0 ? shifted : s < 0 ? -shifted : 0;
          }
        }
        c(m, n) = wrap_to_accumulator(int64_t(uint64_t(c(m, n)) + uint64_t(sum)), ar.acc_bits, true);
      }
    }
  return c;
}

Mapping operands_from_bcq(const Arith& ar, const BcqWeights& w) {
  if (w.bits != ar.planes || w.terms != ar.terms || w.block_rows != kBlockRows || w.block_cols != kGroup)
    throw std::invalid_argument(fmt::format(
        "shiftadd: BCQ weights with {} planes, {} terms, blocks {} x {}; the engine takes {} planes, {} terms, blocks {} x {}",
        w.bits, w.terms, w.block_rows, w.block_cols, ar.planes, ar.terms, kBlockRows, kGroup));
  Mapping out;
  out.b = OperandMatrix(w.k, w.n, 0);
  for (int n = 0; n < w.n; ++n)
    for (int k = 0; k < w.k; ++k) out.b(k, n) = int32_t(w.beta[size_t(n) * size_t(w.k) + size_t(k)]);
  Matrix<int32_t> alpha(w.col_blocks() * ar.planes, w.row_blocks() * ar.terms, 0);
  for (int kb = 0; kb < w.col_blocks(); ++kb)
    for (int pl = 0; pl < ar.planes; ++pl)
      for (int rb = 0; rb < w.row_blocks(); ++rb) {
        const ApotTerm* t = w.alpha_terms(kb, pl, rb);
        for (int i = 0; i < ar.terms; ++i) {
          if (t[i].sign == 0) continue;
          int s = t[i].exp - ar.exp_min;
          if (s < 0) {
            ++out.dropped;
            continue;
          }
          if (s > ar.max_shift()) {
            ++out.clamped;
            s = ar.max_shift();
          }
          alpha(kb * ar.planes + pl, rb * ar.terms + i) = term_code(ar, t[i].sign, s);
        }
      }
  out.b.side[kAlphaName] = std::move(alpha);
  return out;
}

}  // namespace tpe::shiftadd
