// w8a8-llmint8: LLM.int8() with outlier decomposition, following current
// bitsandbytes (pe_arith 2.3). Inputs are taken as fp16 (x16 = fp16(x),
// W16 = fp16(W)) because bitsandbytes runs on fp16 tensors.
//   Weights: SCB[n] = max_k |W16[n,k]| (fp32); CB = int8(rne(fp32(W16) * fp32(127/SCB[n]))).
//   Activations, per batch:
//     outlier_cols = columns with |x16| >= 6.0 in ANY row;
//     row_stats[m] = max_k |x16| over the non-outlier entries (fp32);
//     CA = int8(rne(fp32(x16) * fp32(127/row_stats[m]))), CA[:, outlier_cols] = 0.
//   Int8 path: C32 = CA * CB^T through ONE engine.gemm (i8 x i8, acc32, exact);
//     out = fp32(C32) * fp32(row_stats[m] * SCB[n]) * 6.200124e-05f, then cast to fp16.
//   Outlier path (int8-DEQUANTIZED weights, as current bnb):
//     subB[n,j] = fp16(fp32(CB[n,j] * SCB[n]) * 7.874015718698502e-3f);
//     dot = sum over outlier cols ascending of x16*subB (exact products, fp32 sum) [ours: fp16 matmul
//     with fp32 accumulation]; out16 = fp16(out16 + dot) [ours: addmm rounds once].
// Decisions [ours]: a row whose non-outlier entries are all zero has CA = 0
// (bnb would divide by zero); an all-zero weight row has CB = 0. The output is
// the fp16 value returned as fp32.
#pragma once
#include <memory>

#include "models/quant/quant_scheme.hpp"

namespace tpe {
constexpr float kLlmInt8Threshold = 6.0f;
std::unique_ptr<LinearScheme> make_llmint8_scheme(float threshold = kLlmInt8Threshold);
}  // namespace tpe
