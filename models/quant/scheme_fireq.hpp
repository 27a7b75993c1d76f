// FireQ's linear layer: INT4 weights x FP8 (E4M3) activations on an FP8 GEMM
// with fp32 accumulation, with FireQ's per-tensor scale on the FP8 group scales
// and its channel-wise scaling of activation outliers into the weights.
// Registered as fireq-w4a8fp-g128 and, without the channel scaling (the
// round-to-nearest baseline of the same formats), w4a8fp-g128.
#pragma once
#include <memory>

#include "models/quant/quant_scheme.hpp"

namespace tpe {

struct FireqConfig {
  int group = 128;             // INT4 weight group along K, >= 1
  bool channel_scaling = true;  // false: plain RTN of the same formats
};

std::unique_ptr<LinearScheme> make_fireq_scheme(const FireqConfig& cfg);

}  // namespace tpe
