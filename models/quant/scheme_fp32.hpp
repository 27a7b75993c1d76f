#pragma once
#include "models/quant/quant_scheme.hpp"

namespace tpe {
// No quantization: fp32 weights and activations, each output a sum over k in
// ascending order in fp32 (the order of llama2.c's matmul).
std::unique_ptr<LinearScheme> make_fp32_scheme();
}  // namespace tpe
