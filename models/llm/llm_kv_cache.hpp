// The key/value cache of one decoder layer for one sequence: row t holds the
// (RoPE-rotated) key and the value of position t, kv_dim wide, in fp32.
#pragma once
#include <stdexcept>
#include <string>

#include "models/formats/matrix.hpp"

namespace tpe {

struct KvCache {
  Matrix<float> k, v;  // [capacity][kv_dim]
  KvCache() = default;
  KvCache(int capacity, int kv_dim) : k(capacity, kv_dim), v(capacity, kv_dim) {}
  int capacity() const { return k.rows; }
};

// Where one activation row of a layer call belongs: its sequence's cache and
// its position there. Prefill gives L rows of one cache at positions p..p+L-1;
// batched decode gives B rows, one per sequence.
struct RowSlot {
  KvCache* cache = nullptr;
  int pos = 0;
};

}  // namespace tpe
