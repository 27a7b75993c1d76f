// Operand sources for tests, co-simulation and benchmarks: seeded random
// values over a format's full range, and real weights from a llama2.c checkpoint.
#pragma once
#include <cstdint>
#include <string>

#include "models/engine/engine_config.hpp"
#include "models/formats/matrix.hpp"

namespace tpe {

// Uniform over [min, max] of `f`; the first elements are forced to the
// extremes (most negative, most positive, zero) so every run covers them.
OperandMatrix random_operands(int rows, int cols, const IntFormat& f, uint64_t seed);

// Symmetric round-to-nearest-even quantization of a float matrix to `f`
// with one per-tensor scale (absmax maps to the format's largest magnitude).
OperandMatrix quantize_symmetric(const Matrix<float>& x, const IntFormat& f);

}  // namespace tpe
