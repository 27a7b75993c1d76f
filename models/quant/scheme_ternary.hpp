// ternary: BitNet b1.58 (pe_arith 2.6).
//   Weights: gamma = mean_{n,k} |W| (one per tensor; fp32 sum in row-major
//     order, then / (N*K)); Wt = clamp(rne(W / (gamma + 1e-5)), -1, 1) [eps ours].
//   Activations: int8 per token, Qb = 127: absmax[m] = max_k |x|,
//     xq = clamp(rne(x * fp32(127/absmax)), -127, 127); an all-zero row gives xq = 0.
//   Integer core: I = xq * Wt^T through ONE engine.gemm (i8 x i2, acc32: at most
//     23 bits for K = 28672). Multiplication-free in hardware (add/sub/skip).
//   Epilogue fp32, left to right: y = fp32(I) * gamma * absmax[m] / 127.
#pragma once
#include <memory>

#include "models/quant/quant_scheme.hpp"

namespace tpe {
std::unique_ptr<LinearScheme> make_ternary_scheme();
}  // namespace tpe
