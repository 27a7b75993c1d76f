// MixLLM: output-feature mixed precision. Each output feature (row n of a
// linear) is quantized with llm-awq's asymmetric group quantizer at 4 or 8
// bits; the 8-bit rows are the most salient ones, chosen GLOBALLY over all the
// model's linears. Registered as mixllm-w4w8-g32 and mixllm-w4w8-g128
// (10 % of the output features at 8 bits; docs/quantization.md, "MixLLM"), and
// mixllm-local-w4w8-g32, the same budget chosen within each linear.
#pragma once
#include <memory>

#include "models/quant/quant_scheme.hpp"

namespace tpe {

struct MixLlmConfig {
  int low_bits = 4;            // 2..8
  int high_bits = 8;           // low_bits+1..8
  int group = 128;             // >= 1, along K
  double high_percent = 10.0;  // share of all output features at high_bits, 0..100
  bool global = true;          // false: each linear's own top high_percent (the ablation mixllm-local-...)
};

std::unique_ptr<LinearScheme> make_mixllm_scheme(const MixLlmConfig& cfg);

}  // namespace tpe
