// Binary-coded quantization (BCQ) with additive-power-of-two (APoT) scales,
// the weight format of ShiftAddLLM (pe_arith 4.1), in the clean variant
// pe_arith recommends for a PE [ours]: every APoT term carries its own sign
// and an explicit zero, so no term is ever "2^e of a zero" (the kernel's
// shift_func hazard) and negative residual terms stay exact.
//
//   w[n,k] ~ sum_{b<B} alpha[blk,b] * beta_b[n,k],  beta in {-1,+1}
//   alpha[blk,b] = sum_{t<T} sign_t * 2^exp_t      (sign in {-1,0,+1})
// Block shape = ShiftAddLLM "lat" mode: `block_cols` (8) consecutive input
// columns x `block_rows` (16) consecutive output rows share one alpha vector
// (128 weights); the last row/column block is shorter when N or K does not
// divide. alpha is indexed like the kernel: [k/8][b][n/16][t].
#pragma once
#include <cstdint>
#include <vector>

#include "models/formats/matrix.hpp"

namespace tpe {

struct ApotTerm {
  int8_t sign = 0;  // -1, 0 (explicit zero term), +1
  int8_t exp = 0;   // value = sign * 2^exp
};

// APoT rounding (ShiftAddLLM additive_power_of_2): e = rne(log2|x|),
// sign = sign(x), x -= sign*2^e, repeated `terms` times; a zero residual
// gives zero terms. Exponents are clamped to [-64, 63] (int8 storage; a term
// below 2^-64 of an fp32 weight scale is noise).
std::vector<ApotTerm> apot_decompose(double x, int terms);
double apot_value(const std::vector<ApotTerm>& t);

struct BcqWeights {
  int n = 0, k = 0;
  int bits = 3;         // B: number of binary planes
  int terms = 3;        // T: APoT terms per alpha
  int block_rows = 16;  // output rows per alpha block
  int block_cols = 8;   // input columns per alpha block
  std::vector<uint8_t> beta;      // [N][K]: bit b set <-> beta_b = +1
  std::vector<ApotTerm> alpha;    // [K/bc][B][N/br][T]

  int col_blocks() const { return (k + block_cols - 1) / block_cols; }
  int row_blocks() const { return (n + block_rows - 1) / block_rows; }
  const ApotTerm* alpha_terms(int kb, int b, int rb) const {
    return &alpha[((size_t(kb) * bits + b) * row_blocks() + rb) * terms];
  }
  int beta_sign(int nn, int kk, int b) const { return (beta[size_t(nn) * k + kk] >> b) & 1 ? 1 : -1; }
  // Exact value of the quantized weight (double; the alphas are dyadic).
  double dequant(int nn, int kk) const;
};

// Quantizes W [N][K] [ours, a simplified ShiftAddLLM without GPTQ error
// feedback]: per block, greedy BCQ init (alpha_b = mean|r|, beta_b = sign(r),
// sign(0) = +1), then `iters` rounds of {least-squares alpha given beta;
// best beta given alpha by exhaustive search over the 2^B sign patterns},
// then APoT-round every alpha, sort the alphas descending (ShiftAddLLM's
// order) and re-pick beta for the rounded alphas. All in double.
// Validation: bits 1..8, terms 1..4, block sizes >= 1, iters >= 0.
BcqWeights quantize_bcq_apot(const Matrix<float>& w, int bits = 3, int terms = 3, int block_rows = 16,
                             int block_cols = 8, int iters = 4);

}  // namespace tpe
