// w8a8: SmoothQuant-style W8A8 (pe_arith 1.3 first bullet).
//   W: int8 symmetric per output channel, s_w[n] = absmax_k|W[n,k]|/127, codes [-127,127].
//   X: int8 symmetric per token,          s_a[m] = absmax_k|X[m,k]|/127, codes [-127,127].
//   C[m][n] = sum_k qa*qw: ONE engine.gemm (i8 x i8, 32-bit accumulator, exact).
//   y[m][n] = fp32(C) * fp32(s_a[m] * s_w[n])  (scale product first, then one multiply).
// SmoothQuant's smoothing factors are a calibration step outside this layer.
#pragma once
#include <memory>

#include "models/quant/quant_scheme.hpp"

namespace tpe {
std::unique_ptr<LinearScheme> make_w8a8_scheme();
}  // namespace tpe
