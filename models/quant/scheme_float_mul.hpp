#pragma once
#include <string>

#include "models/formats/float_formats.hpp"
#include "models/quant/quant_scheme.hpp"

namespace tpe {

// Floating-point operand schemes (pe_arith.md 4.2): weights and activations
// rounded (RNE) to a float format, each product either exact or an L-Mul
// (models/formats/lmul.hpp), products summed over k ascending in fp32 (RNE,
// starting from +0). Formats narrower than bf16 first divide by a power-of-two
// scale, per tensor for weights and per row for activations, chosen as the
// smallest 2^e with amax / 2^e <= the format's largest finite value; the
// scales multiply the fp32 sum afterwards (exact: powers of two).
struct FloatMulConfig {
  std::string name;          // e.g. "lmul-fp8"
  const FloatFormat* format; // operand format (lmul_fp32_format() for fp32)
  bool lmul;                 // true: L-Mul products; false: exact products
};

// The scale above: the smallest power of two s with amax / s <= f's largest
// finite value; 1 for formats with fp32's exponent range or amax = 0.
double float_operand_scale(const FloatFormat& f, double amax);

// Throws std::invalid_argument naming the field if format is null, or if an
// exact product would not fit fp32 (more than 11 mantissa bits).
std::unique_ptr<LinearScheme> make_float_mul_scheme(const FloatMulConfig& c);

// The registered ones: bf16, fp8-e4m3, fp8-e5m2 (exact products) and
// lmul-fp32, lmul-bf16, lmul-fp8 (e4m3), lmul-e5m2, lmul-e4m4 (L-Mul).
void add_float_mul_schemes(std::vector<std::unique_ptr<LinearScheme>>& v);

}  // namespace tpe
