// w4a16: AWQ/GPTQ-style weight-only INT4 with the fp16 dequantization of the
// llm-awq kernel (pe_arith 2.1).
//   Quantize (per n, group of G=128 along K, last group shorter): llm-awq's
//   asymmetric RNE quantizer in fp32 -> q in 0..15, s (fp32), z in 0..15.
//   Stored: s16 = fp16(s); scaled_zeros = fp16(-(s16 * z)) (one rounding).
//   Dequant per weight: w16 = fma_fp16(q, s16, scaled_zeros) (__hfma2: one rounding).
//   Activations: x16 = fp16(x) (RNE, IEEE overflow to Inf).
//   Dot [ours]: each product x16*w16 is exact in fp32 (11x11 significant bits),
//   accumulated in fp32 over k ascending (a tensor-core style fp16-multiply,
//   fp32-accumulate PE); the fp32 sum is the output (no final fp16 cast).
// There is no integer GEMM: the activations stay floating point.
#pragma once
#include <memory>

#include "models/formats/matrix.hpp"
#include "models/quant/quant_scheme.hpp"

namespace tpe {
std::unique_ptr<LinearScheme> make_w4a16_scheme(int group_size = 128);

// The scheme's arithmetic, step by step, for the engines that execute it
// (the `mixed` family, pe "w4a16"): they call these rather than copy them.
// scaled_zeros = fp16(-(s16 * z)), one rounding (s16 an fp16 value, z 0..15).
float w4a16_scaled_zero(float s16, int z);
// w16 = fp16 fma(q, s16, scaled_zeros), one rounding.
float w4a16_dequant(int q, float s16, float scaled_zero);
// y[m][n] = fp32 sum over k ascending (from +0) of x16[m][k] * w16[n][k].
Matrix<float> w4a16_dot(const Matrix<float>& x16, const Matrix<float>& w16);
}  // namespace tpe
