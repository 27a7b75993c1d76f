// AWQ (llm-awq): activation-aware per-input-channel scales, then llm-awq's
// asymmetric group quantizer, then llm-awq's weight clipping search.
// Registered as awq-w4-g32 and awq-w4-g128 (docs/quantization.md, "AWQ").
#pragma once
#include <memory>

#include "models/quant/quant_scheme.hpp"

namespace tpe {

struct AwqConfig {
  int bits = 4;          // 2..8
  int group = 128;       // >= 1
  int scale_grid = 20;   // alpha = i / grid, i = 0..grid-1 (llm-awq n_grid = 20)
  bool clip = true;      // llm-awq auto_clip: shrink each group's range, grid 20, down to 0.5
};

std::unique_ptr<LinearScheme> make_awq_scheme(const AwqConfig& cfg);

}  // namespace tpe
