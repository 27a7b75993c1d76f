// The shiftadd family's arithmetic (docs/families/shiftadd.md): ShiftAddLLM's
// BCQ weights with APoT scales (models/formats/bcq_format.hpp) on integer
// activations, in fixed point, with no multiplier:
//   B[k][n]      q-bit plane code: bit b set <-> beta_b[n][k] = +1
//   side "alpha" of B: [ceil(K/8) * q][ceil(N/16) * T] term codes, row kb*q+b,
//                column (n/16)*T+t: bits [S-1:0] shift s, bit S negative,
//                bit S+1 present (0 = the explicit zero term)
//   table_{m,kb}[p] = sum_{j<8} (bit j of p ? +x : -x), x = A[m][8kb+j] (0 beyond K)
//   C[m][n] = wrap_acc( sum_kb sum_b sum_t sign_t * (table[byte_b] << s_t) )
// where byte_b's bit j is plane b of B[8kb+j][n]. The real value is
// C * 2^exp_min: a term code with shift s stands for 2^(exp_min + s).
#pragma once
#include <cstdint>
#include <vector>

#include "models/formats/bcq_format.hpp"
#include "models/formats/matrix.hpp"

namespace tpe::shiftadd {

constexpr int kGroup = 8;        // activations per table (256 entries)
constexpr int kBlockRows = 16;   // output rows sharing one alpha vector (ShiftAddLLM "lat" mode)
constexpr int kTableSize = 1 << kGroup;
inline const char* kAlphaName = "alpha";

struct Arith {
  int planes = 3;       // q
  int terms = 3;        // T
  int shift_bits = 3;   // S
  int exp_min = -9;     // exponent of shift 0
  int acc_bits = 32;

  int term_bits() const { return shift_bits + 2; }
  int max_shift() const { return (1 << shift_bits) - 1; }
};

// One term code from (sign, shift) and back; sign 0 = zero term.
int32_t term_code(const Arith& ar, int sign, int shift);
int term_sign(const Arith& ar, int32_t code);
int term_shift(const Arith& ar, int32_t code);

// The 256-entry partial-sum table of 8 activations (fewer: the rest are 0).
std::vector<int64_t> partial_sum_table(const int32_t* x, int count);

// The byte that queries the table for plane b of column n in block kb.
int plane_byte(const OperandMatrix& b, int plane, int kb, int n);

// The alpha side tensor of B, checked against the shape (throws
// std::invalid_argument naming the tensor, the shape wanted and found).
const Matrix<int32_t>& alpha_of(const Arith& ar, const OperandMatrix& b);

// The exact fixed-point result (wrapped to acc_bits).
ResultMatrix shiftadd_gemm(const Arith& ar, const OperandMatrix& a, const OperandMatrix& b);

// B and its alpha side tensor from BCQ weights [N][K] (bcq_format.hpp,
// block 16 x 8): exponents below exp_min are dropped (below the datapath's
// LSB) and those above exp_min + 2^S - 1 are clamped to it; the counts of
// both come back so a caller can require an exact mapping.
struct Mapping {
  OperandMatrix b;
  int dropped = 0, clamped = 0;
};
Mapping operands_from_bcq(const Arith& ar, const BcqWeights& w);

}  // namespace tpe::shiftadd
