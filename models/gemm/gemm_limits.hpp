// Limits every GEMM input is checked against (docs/cli.md, "Input checks").
#pragma once
#include "models/formats/matrix.hpp"

namespace tpe {

// Largest GEMM dimension accepted anywhere (a shape, a trace, an event stream).
constexpr int kMaxGemmDim = 1 << 24;

// Bytes a run of this GEMM holds: A and B (4 bytes per element) and three
// M x N results of 8 bytes (the reference's, the model's, the RTL's).
double gemm_memory_bytes(const GemmShape& shape);
// Throws std::invalid_argument before any allocation when the shape needs
// more than this machine's physical memory, saying how much it needs and
// how much is allowed.
void check_gemm_fits_memory(const GemmShape& shape);

}  // namespace tpe
