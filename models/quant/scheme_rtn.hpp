// Weight-only round-to-nearest (RTN) schemes: rtn-w<b>-tensor, rtn-w<b>-channel,
// rtn-w<b>-g<G> and rtn-w<b>-g<G>-asym.
// Pipeline: W is quantized once (quantizers.hpp); forward dequantizes each
// weight to fp32, w' = fp32(s * (q - z)), and computes y = sum over k ascending
// of x * w' in fp32. Activations are not quantized, so there is no integer GEMM.
#pragma once
#include <memory>

#include "models/quant/quant_scheme.hpp"

namespace tpe {

enum class RtnGranularity { Tensor, Channel, Group };

struct RtnConfig {
  int bits = 8;                          // 2..16
  RtnGranularity granularity = RtnGranularity::Channel;
  int group_size = 128;                  // used for Group; >= 1
  bool asymmetric = false;               // Group/Channel only: llm-awq zero point
};

// Validates (throws naming the field) and names the scheme from the config.
std::unique_ptr<LinearScheme> make_rtn_scheme(const RtnConfig& cfg);

}  // namespace tpe
