// A faster fp32 linear layer that is bit-identical to the "fp32" scheme (and
// to llama2.c's matmul): every output is still the sum over k in ascending
// order of the fp32 products. Speed comes only from doing 8 outputs at once in
// SIMD lanes (each lane keeps its own sequential sum), reusing each weight load
// for several activation rows, and splitting output blocks across threads.
#pragma once
#include <memory>

#include "models/quant/quant_scheme.hpp"

namespace tpe {

// w: [N][K]. The result's forward() equals find_scheme("fp32").prepare(w)->forward() bit for bit.
std::unique_ptr<PreparedLinear> make_packed_fp32_linear(const Matrix<float>& w);

}  // namespace tpe
