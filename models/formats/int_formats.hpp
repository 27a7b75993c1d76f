// Integer and ternary number formats used by the quantizers: validated
// construction, round-half-to-even, and the saturating narrowing every scheme
// uses (pe_arith.md section 0 and checklist item 1).
#pragma once
#include <cstdint>

#include "models/engine/engine_config.hpp"

namespace tpe {

// Allowed integer operand widths for quantization (same as the engine's).
constexpr int kMinIntBits = 2, kMaxIntBits = 16;

// Throws std::invalid_argument naming `param`, the value and the allowed range
// unless kMinIntBits <= bits <= kMaxIntBits.
void check_int_bits(int bits, const char* param);

// A validated IntFormat (bits 2..16).
IntFormat make_int_format(int bits, bool is_signed);

// Largest magnitude of the symmetric range [-(2^(b-1)-1), 2^(b-1)-1] that the
// symmetric quantizers use: it leaves the most negative code unused so that
// negation is closed and products stay below (2^(b-1)-1)^2 (pe_arith 1.1).
int32_t symmetric_qmax(int bits);

// Round half to even, independent of the floating-point environment's mode.
double rne(double v);

// clamp(rne(v), lo, hi). Throws std::invalid_argument for NaN (a NaN has no
// integer code; silently mapping it would hide a bug upstream).
int32_t saturate_rne(double v, int32_t lo, int32_t hi);
// Saturating narrowing into the full range of `f`.
int32_t saturate_rne(double v, const IntFormat& f);

// Ternary {-1, 0, +1} (BitNet b1.58). Encoding: clamp(rne(v), -1, 1), i.e.
// |v| < 0.5 -> 0 and exactly +-0.5 -> 0 (ties to even).
int32_t ternary_encode(double v);
// The 2-bit storage code of T-MAC (int2 with offset 2: -1 -> 1, 0 -> 2, +1 -> 3).
uint8_t ternary_to_code(int32_t t);
// Inverse of ternary_to_code; throws std::invalid_argument for codes 0 and >3.
int32_t ternary_from_code(uint8_t code);

}  // namespace tpe
