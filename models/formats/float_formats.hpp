// Small binary floating-point formats (FP16, BF16, FP8 E4M3, FP8 E5M2):
// bit-exact encode (double -> bits, round to nearest, ties to even) and decode
// (bits -> double). One generic codec parameterised by the field widths keeps
// the four formats consistent; the tests check it exhaustively.
//
// Per-format behaviour (see docs/quantization.md):
//   format  E M bias  Inf?  NaN encodings            max finite  default overflow
//   fp16    5 10  15  yes   exp=31, mant!=0          65504       Infinity (IEEE)
//   bf16    8  7 127  yes   exp=255, mant!=0         ~3.39e38    Infinity (IEEE)
//   e5m2    5  2  15  yes   exp=31, mant!=0          57344       Infinity (IEEE)
//   e4m3    4  3   7  no    S.1111.111 only          448         Saturate (OCP "satfinite")
// Subnormals are supported in both directions for all four (no flush to zero).
// NaN inputs encode to the format's canonical quiet NaN with the input's sign
// (payload dropped). -0.0 keeps its sign.
#pragma once
#include <cstdint>
#include <string>

namespace tpe {

// What an encode does with a finite value whose rounded magnitude exceeds the
// largest finite value, and with an infinite input:
//   Saturate:  +-max finite (Inf inputs too; NaN stays NaN).
//   Infinity:  +-Inf where the format has Inf; NaN for E4M3, which has none
//              (the OCP spec's non-saturating conversion).
enum class Overflow { Saturate, Infinity };

struct FloatFormat {
  const char* name;
  int exp_bits;
  int man_bits;
  int bias;
  bool ieee_specials;        // true: exponent all-ones is Inf/NaN; false: E4M3 style (only S.1..1.1..1 is NaN)
  Overflow default_overflow;

  int total_bits() const { return 1 + exp_bits + man_bits; }
  uint32_t sign_mask() const { return uint32_t(1) << (exp_bits + man_bits); }
  // Largest finite magnitude, and its bit pattern (sign clear).
  double max_finite() const;
  uint32_t max_finite_bits() const;
  // Smallest positive subnormal: 2^(1 - bias - man_bits).
  double min_subnormal() const;
  double min_normal() const;
  uint32_t canonical_nan_bits() const;  // sign clear
  uint32_t inf_bits() const;            // sign clear; throws for formats without Inf
};

const FloatFormat& fp16_format();
const FloatFormat& bf16_format();
const FloatFormat& fp8_e4m3_format();
const FloatFormat& fp8_e5m2_format();
// By name: "fp16", "bf16", "e4m3", "e5m2"; throws naming the known names.
const FloatFormat& float_format(const std::string& name);

// Round-to-nearest-even encode with the format's default overflow behaviour.
uint32_t encode(const FloatFormat& f, double x);
uint32_t encode(const FloatFormat& f, double x, Overflow overflow);
// Exact decode (every value of these formats is a double and a float).
// Throws std::invalid_argument if `bits` has bits above total_bits().
double decode(const FloatFormat& f, uint32_t bits);
bool is_nan_bits(const FloatFormat& f, uint32_t bits);
bool is_inf_bits(const FloatFormat& f, uint32_t bits);

// Convenience: the value of x after one rounding to the format (as float).
float round_to_fp16(double x);
float round_to_bf16(double x);

// fp16 arithmetic with one rounding per operation, as CUDA __hadd/__hmul/__hfma
// do (IEEE fp16, RNE, overflow to Inf). Inputs must already be fp16 values.
float fp16_add(float a, float b);
float fp16_mul(float a, float b);
float fp16_fma(float a, float b, float c);  // a*b+c rounded once

}  // namespace tpe
