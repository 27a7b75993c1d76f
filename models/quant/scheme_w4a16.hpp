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

#include "models/quant/quant_scheme.hpp"

namespace tpe {
std::unique_ptr<LinearScheme> make_w4a16_scheme(int group_size = 128);
}  // namespace tpe
