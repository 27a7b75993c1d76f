// The fp16 units of the mixed-precision (w4a16) datapath as IR modules,
// purely combinational, no instances:
//   make_fp16_exact_mul: a, b (IEEE binary16) -> p, the fp32 bit pattern of
//     a * b. Every such product is exact in fp32 (11 x 11 significant bits;
//     magnitudes from 2^-48 to 2^32, all fp32 normals), so there is no
//     rounding: a 22-bit significand product, a log-step left normalizer for
//     subnormal inputs, the specials as muxes (NaN -> 0x7FC00000).
//   make_fp32_to_fp16: x (fp32) -> h (fp16), rounded once to nearest-even:
//     a right shifter with sticky into the fp16 subnormal range, RNE on
//     guard/sticky (a carry rounds into the next binade or to Inf), overflow
//     to Inf, NaN -> 0x7E00.
//   make_fp16_to_fp32: a (fp16) -> p (fp32), exact: subnormals normalized,
//     NaN -> 0x7FC00000. (The exact multiplier with b = 1.0 computes the same
//     value, but bits its output can never set would be left for synthesis
//     to find: a constant crossing the hierarchy, docs/synthesis.md.)
// All are checked against models/formats/float_formats by rtlgen/ir/evaluate
// (tests/unit/rtlgen/test_mixed_units.cpp).
#pragma once
#include "rtlgen/ir/ir.hpp"

namespace tpe::rtl {

constexpr const char* kFp16ExactMulName = "fp16_mul_exact_fp32";
Module make_fp16_exact_mul();

constexpr const char* kFp16ToFp32Name = "fp16_to_fp32";
Module make_fp16_to_fp32();

constexpr const char* kFp32ToFp16Name = "fp32_to_fp16_rne";
Module make_fp32_to_fp16();

}  // namespace tpe::rtl
