// Operands of an fp16 GEMV y = W x for the PIM models: seeded random values
// or real weights of stories260K, each rounded once to fp16 (nearest-even).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "models/pim/hbmpim_arith.hpp"

namespace tpe::pim {

struct GemvOperands {
  Fp16Matrix w;                // N x K
  std::vector<uint16_t> x;     // batch x K: the input vectors one after another
  int batch = 1;
  std::string description;     // for reports
};

// source: "random" (uniform in [-1, 1), seeded) or "stories260K" (W: the
// layers' w2 matrices [dim][hidden] tiled over N x K, x: token embeddings
// from row `seed` on, one a batch entry).
// Throws std::invalid_argument naming the source and the allowed ones.
GemvOperands make_gemv_operands(int n, int k, const std::string& source, uint64_t seed, int batch = 1);

}  // namespace tpe::pim
