// Grouped-query attention over a KV cache, in run.c's order: per query head,
// scores q.k_t (sum over the head's dims ascending) divided by sqrtf(head_size),
// softmax over positions 0..pos, then out[i] = sum over t ascending of a_t * v_t[i].
// Query head h reads KV head h / kv_mul (GQA). Kept in fp32: the schemes
// quantize the linear layers, not these activation-activation products.
#pragma once
#include <vector>

#include "models/llm/llm_arch.hpp"
#include "models/llm/llm_kv_cache.hpp"

namespace tpe {

// q: [M][dim], row r at slots[r] (whose cache already holds positions 0..pos).
// Returns [M][dim].
Matrix<float> gqa_attention(const LlmArch& arch, const Matrix<float>& q, const std::vector<RowSlot>& slots);

}  // namespace tpe
