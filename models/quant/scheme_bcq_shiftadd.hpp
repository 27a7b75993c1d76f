// bcq-shiftadd: ShiftAddLLM-style multiplication-free linear layer on the
// clean BCQ/APoT format of bcq_format.hpp (3 bit planes, 3 APoT terms,
// 16-row x 8-column alpha blocks).
// Forward [ours, fixed order, fp32 throughout; the GPU kernel is fp16 with
// nondeterministic atomics, so only a fixed order can be a golden]:
//   for each (m, n): acc = 0
//     for each 8-column block kb ascending, for each plane b ascending:
//       p = sum over the block's columns ascending of (+x or -x)   (the LUT entry, exact sign flips)
//       c = sum over APoT terms t ascending of sign_t * ldexp(p, exp_t)  (exponent shift, no multiply)
//       acc += c
//   y = acc
// Activations stay fp32, so there is no integer GEMM.
#pragma once
#include <memory>

#include "models/quant/quant_scheme.hpp"

namespace tpe {
std::unique_ptr<LinearScheme> make_bcq_shiftadd_scheme(int bits = 3, int terms = 3);
}  // namespace tpe
