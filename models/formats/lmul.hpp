// L-Mul ("Addition is All You Need", arXiv 2410.00907): a floating-point
// multiply whose mantissa product is replaced by one integer add of the two
// operands' exponent+mantissa fields plus a constant offset of 2^-l(m).
// ../shared/ref/pe_arith.md section 4.2; the policy below is ours (docs/families/lmul.md).
//
// Semantics: the integer add, not the paper's idealised formula. With
// normal operands x = (1+xm)2^xe, y = (1+ym)2^ye and s = xm + ym + 2^-l(m),
// the field sum carries c = floor(s) times into the exponent (c = 2 is
// possible only for m >= 4), giving
//     L-Mul(x, y) = (-1)^(sx^sy) * (1 + s - c) * 2^(xe + ye + c).
// For c = 0 that is the paper's formula; for c >= 1 it is what one adder computes.
//
// The product is delivered as an fp32 bit pattern (its m mantissa bits
// left-aligned in fp32's 23), so the fp8 and bf16 products cannot lose range
// to the operand format; a dot product then accumulates in fp32.
//
// Policy for what the paper leaves open:
//   NaN operand                         -> fp32 quiet NaN 0x7FC00000
//   Inf x (zero or subnormal)           -> NaN;  Inf x normal or Inf -> +-Inf
//   zero or subnormal x finite          -> +-0 (sign = sA ^ sB); subnormal inputs flush to zero
//   result exponent above fp32's range  -> +-Inf (only fp32 / bf16 operands can get there)
//   result exponent below fp32 normals  -> +-0 (flush to zero; no subnormal results)
// E4M3 has no infinity (exponent 1111 is a normal binade except S.1111.111 = NaN).
#pragma once
#include <cstdint>

#include "models/formats/float_formats.hpp"

namespace tpe {

// Operand formats beyond float_formats.hpp: fp32 (described only; L-Mul reads
// its fields, nothing encodes through the generic codec) and e4m4, the
// "L-Mul with a 4-bit mantissa" of the paper's claim: E4M3's exponent (bias 7,
// no infinity, S.1111.1111 is NaN) with one more mantissa bit, 9 bits wide.
const FloatFormat& lmul_fp32_format();
const FloatFormat& fp8_e4m4_format();

// l(m): m for m <= 3, 3 for m = 4, 4 for m > 4 (pe_arith.md 4.2).
int lmul_l(int man_bits);
// The offset 2^-l(m) in units of the operand's mantissa LSB: 2^m >> l(m).
uint32_t lmul_offset_lsbs(int man_bits);

// L-Mul of two operands given as bit patterns of format f (f.total_bits()
// wide; fp32 patterns for lmul_fp32_format()); returns the fp32 bit pattern
// of the product. Throws std::invalid_argument if a pattern is wider than f.
uint32_t lmul_bits(const FloatFormat& f, uint32_t a, uint32_t b);
// The same product as a float.
float lmul_value(const FloatFormat& f, uint32_t a, uint32_t b);

float fp32_from_bits(uint32_t bits);
uint32_t fp32_to_bits(float x);

}  // namespace tpe
