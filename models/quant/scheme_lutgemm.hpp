// lutgemm-bcq: LUT-GEMM (pe_arith 5.1) running 4-bit uniform weights in BCQ
// form with fp16 arithmetic throughout.
//   Weights: llm-awq asymmetric uint4 per (n, group of 128 along K; last group
//   shorter), converted to bit planes + fp16 alpha + fp16 q_bias (lutgemm_format.hpp).
//   Activations: x16 = fp16(x); K padded with zeros to a multiple of 8.
//   Per row m, per 8-activation chunk c: the fp16 LUT of lutgemm_build_lut.
//   Per (m, n) [ours: a fixed order for the kernel's nondeterministic atomics,
//   g ascending, then b ascending, then the bias; unfused fp16 multiply-add]:
//     y = 0 (fp16)
//     for g: for b: t = fp16 sum over the group's chunks ascending of lut_c[byte_b(c)]
//                   y = fp16(y + fp16(alpha[g,b,n] * t))
//            tb = fp16 sum over the group's chunks of lut_c[255]; y = fp16(y + fp16(q_bias[g,n] * tb))
//   The output is the fp16 y. No integer GEMM: the table holds fp16 sums.
#pragma once
#include <memory>

#include "models/quant/quant_scheme.hpp"

namespace tpe {
std::unique_ptr<LinearScheme> make_lutgemm_scheme(int bits = 4, int group_size = 128);
}  // namespace tpe
