// SqueezeLLM: per-output-channel non-uniform codebooks fitted by
// sensitivity-weighted k-means, plus the dense-and-sparse decomposition (the
// largest-magnitude weights kept exactly in a sparse fp32 matrix). Registered as
// squeezellm-w4 (0.45 % sparse) and squeezellm-w4-dense (no sparse part).
#pragma once
#include <cstdint>
#include <memory>

#include "models/quant/quant_scheme.hpp"

namespace tpe {

struct SqueezeLlmConfig {
  int bits = 4;                  // 2..8: 2^bits centroids per output row
  double sparse_percent = 0.45;  // share of the matrix's weights kept sparse, 0..10 %
  uint64_t seed = 0;             // k-means++ seed (row n uses seed + n)
};

std::unique_ptr<LinearScheme> make_squeezellm_scheme(const SqueezeLlmConfig& cfg);

}  // namespace tpe
