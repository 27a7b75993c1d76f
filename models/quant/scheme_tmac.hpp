// tmac-w4: T-MAC exact-aggregation mode (pe_arith 5.2) with 4-bit weights.
//   Weights: int4 symmetric per (n, group of 128 along K; last group shorter),
//   s = absmax/7, codes [-7,7] (the [-8,7] range with -8 never produced),
//   stored as T-MAC bit planes of q = w_int + 8 (tmac_format.hpp).
//   Activations: fp32, per row the int8 LUT of tmac_build_lut with
//   act_group = min(64, weight group) activations per LUT scale.
//   Per (m, n) [ours: fixed fp32 order]:
//     acc = 0
//     for weight group wg ascending: gsum = 0
//       for plane b ascending: cb = 0
//         for act group ag in wg ascending:
//           isum = sum over the group's 4-tuples of qlut[tuple][index_b]   (integer, fits int16)
//           v = fp32(isum) * lut_scale[ag]; if b == 0: v += lut_bias[ag]; cb += v
//         gsum += alphas[b] * cb            (alphas = 1/2, 1, 2, 4: exact)
//       acc += s[n,wg] * gsum
// Fast aggregation (rounding-halving adds) is lossy and not modelled. The
// lookups are table reads, not a GEMM, so no engine call is made.
#pragma once
#include <memory>

#include "models/quant/quant_scheme.hpp"

namespace tpe {
std::unique_ptr<LinearScheme> make_tmac_scheme(int bits = 4, int group_size = 128);
}  // namespace tpe
