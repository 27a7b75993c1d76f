// Seeded synthetic tensors at real shapes, for throughput runs and for the
// catalog models whose weights are not available offline:
//  - weights: Gaussian N(0, init_std^2), the model's init scale (HF initializer_range);
//  - activations: N(0, 1) per element, with a few outlier channels (the same
//    columns in every row, as LLM.int8() observed) scaled up by a large factor.
// Every row draws from its own seed, so results do not depend on threading.
#pragma once
#include <cstdint>

#include "models/llm/llm_kv_cache.hpp"
#include "models/llm/llm_layer.hpp"

namespace tpe {

Matrix<float> gaussian_matrix(int rows, int cols, float stddev, uint64_t seed);

struct ActivationStats {
  float stddev = 1.0f;
  int outlier_channels = -1;    // -1: max(2, cols / 512)
  float outlier_scale = 20.0f;  // outlier channels are this many times larger
};
Matrix<float> synthetic_activations(int rows, int cols, uint64_t seed, const ActivationStats& s = {});

// All tensors of one layer: norm weights 1 (their init), biases N(0, init_std^2).
LayerWeights synthetic_layer_weights(const LlmArch& a, int layer, uint64_t seed);

// Fills positions 0..positions-1 of a cache with N(0,1) keys and values.
void fill_synthetic_cache(KvCache& c, int positions, uint64_t seed);

}  // namespace tpe
