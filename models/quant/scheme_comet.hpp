// w4a4-comet: COMET FMPQ W4A4 with INT8 outlier channel blocks (pe_arith 2.4,
// golden definition [ours, consistent with the paper]).
//   Weights: int4 symmetric per output channel, s_w[n] = absmax/7, codes [-7,7].
//     (Per-channel, not per-group, so that permuting K never changes a weight
//     code; pe_arith leaves the granularity open.)
//   Channel permutation [ours]: COMET permutes channels offline from
//     calibration statistics; prepare() sees no activations, so the current
//     batch is the calibration set: channels are ordered by max_m |x[m,k]|
//     descending (ties: lower k first). Blocks are 128 consecutive permuted
//     channels; the last block is shorter when 128 does not divide K.
//   The first `int8_blocks` blocks (default 1) are INT8 (s = absmax/127,
//     codes [-127,127]); the others INT4 (s = absmax/7, codes [-7,7]);
//     one scale per (token m, block).
//   Integer core: one engine.gemm per block (i4 x i4 or i8 x i4, acc32, exact).
//   Epilogue fp32, blocks in permuted order: acc += fp32(s_a[m,blk]*s_w[n]) * fp32(I_blk).
#pragma once
#include <memory>

#include "models/quant/quant_scheme.hpp"

namespace tpe {
std::unique_ptr<LinearScheme> make_comet_scheme(int int8_blocks = 1, int block_size = 128);
}  // namespace tpe
