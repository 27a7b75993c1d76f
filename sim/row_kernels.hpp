// Vectorized row updates shared by the cycle models.
#pragma once
#include <cstdint>

namespace tpe {

// sum[j] += a * w[j] for j < n, modulo 2^64. Operands are port values (at
// most 16 bits), so the 32 x 32 -> 64-bit widening multiply is exact and
// vectorizes (vpmuldq), where a 64 x 64 multiply would not.
void axpy_row(uint64_t* sum, int32_t a, const int32_t* w, int n);

}  // namespace tpe
