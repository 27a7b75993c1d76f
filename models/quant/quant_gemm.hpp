// The integer core shared by the integer schemes: per-group partial sums
// P_g[m][n] = sum_{k in g} A[m][k] * W[n][k], each group one engine.gemm call
// (A_g [M x len] times W_g^T [len x N]), so a cycle model or RTL engine can
// stand in for the reference. Accumulators are 32 bits: pe_arith 1.2 shows
// int32 is exact for every <=8x8-bit dot up to K = 28672; required_acc_bits
// checks that before any call, so a wrap can never happen silently.
#pragma once
#include <vector>

#include "models/engine/engine_config.hpp"
#include "models/formats/matrix.hpp"
#include "models/gemm/gemm_engine.hpp"
#include "models/quant/quant_groups.hpp"

namespace tpe {

constexpr int kSchemeAccBits = 32;

// Exact minimum accumulator width for a K-long dot of fa x fb operands
// (pe_arith 1.2: 1 + ceil(log2(K * max|product| + 1)) for signed results).
int required_acc_bits(const IntFormat& fa, const IntFormat& fb, int k);

struct GroupSums {
  std::vector<ResultMatrix> dot;  // [groups] of [M][N]
  // Row sums sum_{k in g} A[m][k], [groups] of [M] -- present when requested.
  // They come out of the same engine call as an extra all-ones column of W^T
  // (the "one extra adder per group" of pe_arith 1.3), for zero-point terms.
  std::vector<std::vector<int64_t>> row_sum;
};

// The weights cut into the engine's B operands, one [len][N] block per group
// (plus an all-ones column for row sums). Schemes build this once, when they
// prepare a layer: re-slicing a large weight matrix on every call would cost
// more than the GEMM itself.
struct SlicedWeights {
  GroupLayout groups;
  bool with_row_sums = false;
  int rows = 0;                    // N
  std::vector<OperandMatrix> wt;   // per group: W_g^T
};
SlicedWeights slice_weights(const OperandMatrix& w, const GroupLayout& groups, bool with_row_sums);

GroupSums group_gemm(IntGemmEngine& engine, const OperandMatrix& a, const IntFormat& fa, const SlicedWeights& w,
                     const IntFormat& fw);

// a: [M][K] codes in fa; w: [N][K] codes in fw (pe_arith's W[N,K]).
GroupSums group_gemm(IntGemmEngine& engine, const OperandMatrix& a, const IntFormat& fa, const OperandMatrix& w,
                     const IntFormat& fw, const GroupLayout& groups, bool with_row_sums);

// Same, for an explicit list of column index sets (COMET's permuted blocks).
std::vector<ResultMatrix> block_gemm(IntGemmEngine& engine, const OperandMatrix& a,
                                     const std::vector<IntFormat>& fa_per_block, const OperandMatrix& w,
                                     const IntFormat& fw, const std::vector<std::vector<int>>& blocks);

}  // namespace tpe
