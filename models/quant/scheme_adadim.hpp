// AdaDim: per-input-channel (per-IC) grouping, and per layer the adaptive choice
// between per-IC and per-output-channel (per-OC) grouping by calibration
// layer-output error. Registered as adadim-w4-g32, adadim-w4-g128 and the fixed
// per-IC variant pic-w4-g32 (docs/quantization.md, "AdaDim").
#pragma once
#include <memory>

#include "models/quant/quant_scheme.hpp"

namespace tpe {

enum class AdaDimMode { Adaptive, PerIcOnly };

struct AdaDimConfig {
  int bits = 4;     // 2..8
  int group = 128;  // >= 1, along N for per-IC, along K for per-OC
  AdaDimMode mode = AdaDimMode::Adaptive;
};

std::unique_ptr<LinearScheme> make_adadim_scheme(const AdaDimConfig& cfg);

}  // namespace tpe
