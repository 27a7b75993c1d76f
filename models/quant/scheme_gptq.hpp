// GPTQ: error-feedback quantization with the layer Hessian H = 2 X^T X / T
// from calibration activations (Frantar et al., the GPTQ reference code's
// fasterquant), llm-awq's asymmetric group quantizer. Registered as
// gptq-w4-g32 and gptq-w4-g128 (docs/quantization.md, "GPTQ").
#pragma once
#include <memory>

#include "models/quant/quant_scheme.hpp"

namespace tpe {

struct GptqConfig {
  int bits = 4;            // 2..8
  int group = 128;         // >= 1
  int block = 128;         // lazy-batch block (rounded up to a multiple of the group)
  double percdamp = 0.01;  // damping: H += percdamp * mean(diag H) * I
};

std::unique_ptr<LinearScheme> make_gptq_scheme(const GptqConfig& cfg);

}  // namespace tpe
