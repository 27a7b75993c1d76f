// The two arithmetic units of the L-Mul PE as IR modules (purely
// combinational, one module each, no instances):
//   make_lmul_unit: a, b (bit patterns of the operand format) -> p, the fp32
//     bit pattern of L-Mul(a, b), exactly models/formats/lmul.hpp's lmul_bits
//     (one (e+m+2)-bit adder for the fields and the offset, a re-bias adder,
//     the specials and range policy as muxes);
//   make_fp_adder: x, y -> s, the RNE sum, exactly models/formats/fp_add.hpp's
//     fp_add_bits for a format with IEEE specials (magnitude compare and swap,
//     a barrel shifter that ORs lost bits into a sticky bit, add/subtract,
//     a one-bit right shift on a carry, a log-step left normalizer bounded by
//     the exponent (subnormals), RNE on guard/round/sticky, overflow to Inf).
// Both are checked against the reference by rtlgen/ir/evaluate, exhaustively
// on small formats (tests/unit/rtlgen/test_lmul_units.cpp).
#pragma once
#include <string>

#include "models/formats/float_formats.hpp"
#include "rtlgen/ir/ir.hpp"

namespace tpe::rtl {

std::string lmul_unit_name(const FloatFormat& f);  // e.g. "lmul_mul_e4m3"
Module make_lmul_unit(const FloatFormat& f);

std::string fp_adder_name(const FloatFormat& f);  // e.g. "fp_add_e8m23"
// Throws std::invalid_argument if f has no IEEE specials.
Module make_fp_adder(const FloatFormat& f);

}  // namespace tpe::rtl
