// Vectorized row updates shared by the cycle models.
#pragma once
#include <cstdint>

namespace tpe {

// sum[j] += a * w[j] for j < n, modulo 2^64.
void axpy_row(uint64_t* sum, int64_t a, const int32_t* w, int n);

}  // namespace tpe
