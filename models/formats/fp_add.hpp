// Binary floating-point addition, IEEE-754 round to nearest even, computed
// on bit patterns the way the L-Mul PE's RTL adder does it: align the smaller
// operand with guard, round and sticky bits, add or subtract the significands,
// normalize (one right shift on a carry, left shifts after cancellation, not
// below the subnormal exponent), round, detect overflow. It is the L-Mul
// dot product's accumulation step (docs/families/lmul.md), and for fp32 it
// equals C++ float addition (IEEE, subnormals kept) up to NaN payloads.
//
// Formats with IEEE specials only (exponent all-ones = Inf/NaN).
// Specials: any NaN, or Inf + -Inf -> the format's canonical quiet NaN (sign
// clear); an exact zero sum is +0 except (-0) + (-0) = -0; overflow -> +-Inf.
#pragma once
#include <cstdint>

#include "models/formats/float_formats.hpp"

namespace tpe {

// f.total_bits() <= 32 (lmul_fp32_format() for fp32). Throws
// std::invalid_argument if f has no IEEE specials or a pattern is too wide.
uint32_t fp_add_bits(const FloatFormat& f, uint32_t a, uint32_t b);

}  // namespace tpe
