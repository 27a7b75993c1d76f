// The fp16 multiplier of the HBM-PIM lane as an IR module (combinational,
// no instances): a, b (IEEE binary16 bit patterns) -> p, the product rounded
// once to nearest-even, exactly models/pim/hbmpim_arith's fp16_mul_bits: an
// 11 x 11 significand product, a log-step left normalizer (subnormal
// inputs), a right shifter with sticky for subnormal results, RNE on the
// exponent+mantissa field (a carry rounds into the next binade or to Inf),
// overflow to Inf, every NaN result the canonical 0x7E00. Checked against
// the reference by rtlgen/ir/evaluate (tests/unit/rtlgen/test_hbmpim_units.cpp).
#pragma once
#include "rtlgen/ir/ir.hpp"

namespace tpe::rtl {

constexpr const char* kFp16MulName = "fp16_mul_rne";
Module make_fp16_multiplier();

}  // namespace tpe::rtl
