#include "models/formats/float_formats.hpp"

#include <cmath>
#include <cstring>
#include <limits>
#include <stdexcept>

#include <fmt/format.h>

#include "models/formats/int_formats.hpp"

namespace tpe {

namespace {
uint32_t exp_all_ones(const FloatFormat& f) { return (uint32_t(1) << f.exp_bits) - 1; }
uint32_t man_all_ones(const FloatFormat& f) { return (uint32_t(1) << f.man_bits) - 1; }
// Largest exponent field of a finite value and the largest mantissa there.
uint32_t max_exp_field(const FloatFormat& f) { return f.ieee_specials ? exp_all_ones(f) - 1 : exp_all_ones(f); }
uint32_t max_man_at_max_exp(const FloatFormat& f) {
  return f.ieee_specials ? man_all_ones(f) : man_all_ones(f) - 1;  // E4M3: mantissa 111 is NaN
}
}  // namespace

double FloatFormat::max_finite() const { return decode(*this, max_finite_bits()); }
uint32_t FloatFormat::max_finite_bits() const { return (max_exp_field(*this) << man_bits) | max_man_at_max_exp(*this); }
double FloatFormat::min_subnormal() const { return std::ldexp(1.0, 1 - bias - man_bits); }
double FloatFormat::min_normal() const { return std::ldexp(1.0, 1 - bias); }
uint32_t FloatFormat::canonical_nan_bits() const {
  if (!ieee_specials) return (exp_all_ones(*this) << man_bits) | man_all_ones(*this);
  return (exp_all_ones(*this) << man_bits) | (uint32_t(1) << (man_bits - 1));  // quiet bit
}
uint32_t FloatFormat::inf_bits() const {
  if (!ieee_specials) throw std::invalid_argument(fmt::format("format {} has no infinity", name));
  return exp_all_ones(*this) << man_bits;
}

const FloatFormat& fp16_format() {
  static const FloatFormat f{"fp16", 5, 10, 15, true, Overflow::Infinity};
  return f;
}
const FloatFormat& bf16_format() {
  static const FloatFormat f{"bf16", 8, 7, 127, true, Overflow::Infinity};
  return f;
}
// E4M3 saturates by default: it is the quantization format, where a value
// just past 448 should clip like an integer quantizer rather than become NaN.
const FloatFormat& fp8_e4m3_format() {
  static const FloatFormat f{"e4m3", 4, 3, 7, false, Overflow::Saturate};
  return f;
}
const FloatFormat& fp8_e5m2_format() {
  static const FloatFormat f{"e5m2", 5, 2, 15, true, Overflow::Infinity};
  return f;
}

const FloatFormat& float_format(const std::string& name) {
  for (const FloatFormat* f : {&fp16_format(), &bf16_format(), &fp8_e4m3_format(), &fp8_e5m2_format()})
    if (name == f->name) return *f;
  throw std::invalid_argument(fmt::format("float format = '{}' is unknown; allowed fp16, bf16, e4m3, e5m2", name));
}

bool is_nan_bits(const FloatFormat& f, uint32_t bits) {
  const uint32_t e = (bits >> f.man_bits) & exp_all_ones(f), m = bits & man_all_ones(f);
  if (f.ieee_specials) return e == exp_all_ones(f) && m != 0;
  return e == exp_all_ones(f) && m == man_all_ones(f);
}

bool is_inf_bits(const FloatFormat& f, uint32_t bits) {
  const uint32_t e = (bits >> f.man_bits) & exp_all_ones(f), m = bits & man_all_ones(f);
  return f.ieee_specials && e == exp_all_ones(f) && m == 0;
}

double decode(const FloatFormat& f, uint32_t bits) {
  if (bits >> f.total_bits())
    throw std::invalid_argument(
        fmt::format("{} bits = {:#x} is out of range; allowed 0..{:#x}", f.name, bits, (1u << f.total_bits()) - 1));
  const bool neg = bits & f.sign_mask();
  const uint32_t e = (bits >> f.man_bits) & exp_all_ones(f), m = bits & man_all_ones(f);
  double mag;
  if (is_nan_bits(f, bits)) {
    mag = std::numeric_limits<double>::quiet_NaN();
  } else if (is_inf_bits(f, bits)) {
    mag = std::numeric_limits<double>::infinity();
  } else if (e == 0) {
    mag = std::ldexp(double(m), 1 - f.bias - f.man_bits);
  } else {
    mag = std::ldexp(double(m | (uint32_t(1) << f.man_bits)), int(e) - f.bias - f.man_bits);
  }
  return neg ? -mag : mag;
}

uint32_t encode(const FloatFormat& f, double x) { return encode(f, x, f.default_overflow); }

uint32_t encode(const FloatFormat& f, double x, Overflow overflow) {
  const uint32_t sign = std::signbit(x) ? f.sign_mask() : 0;
  if (std::isnan(x)) return sign | f.canonical_nan_bits();
  const uint32_t overflowed = overflow == Overflow::Saturate ? f.max_finite_bits()
                              : f.ieee_specials              ? f.inf_bits()
                                                             : f.canonical_nan_bits();
  if (std::isinf(x)) return sign | overflowed;
  const double a = std::fabs(x);
  if (a == 0.0) return sign;
  // Scale so that one unit is one ulp of the target at a's binade (or of the
  // subnormal range); ldexp by a power of two is exact here, so the only
  // rounding is the single RNE below.
  const int emin = 1 - f.bias;
  int e = std::max(std::ilogb(a), emin);
  double q = rne(std::ldexp(a, f.man_bits - e));
  const double hidden = std::ldexp(1.0, f.man_bits);
  if (q == 2 * hidden) {  // rounding carried into the next binade
    q = hidden;
    ++e;
  }
  uint32_t exp_field, man;
  if (q >= hidden) {
    const long long ef = (long long)e + f.bias;
    if (ef > (long long)max_exp_field(f)) return sign | overflowed;
    exp_field = uint32_t(ef);
    man = uint32_t(q - hidden);
  } else {
    exp_field = 0;
    man = uint32_t(q);
  }
  if (exp_field == max_exp_field(f) && man > max_man_at_max_exp(f)) return sign | overflowed;
  return sign | (exp_field << f.man_bits) | man;
}

float round_to_fp16(double x) { return float(decode(fp16_format(), encode(fp16_format(), x))); }
float round_to_bf16(double x) { return float(decode(bf16_format(), encode(bf16_format(), x))); }

namespace {
// a+b rounded to odd in double: exact when representable, otherwise the
// neighbouring double with an odd last bit. Rounding a round-to-odd value with
// >= p+2 bits to a p-bit format equals rounding the exact value once
// (Boldo & Melquiond), so fp16(round_to_odd(exact)) is a single correct rounding.
double add_round_to_odd(double a, double b) {
  const double s = a + b;
  if (!std::isfinite(s)) return s;
  const double bb = s - a;  // TwoSum: err is exactly (a + b) - s
  const double err = (a - (s - bb)) + (b - bb);
  if (err == 0.0) return s;
  uint64_t u;
  std::memcpy(&u, &s, sizeof u);
  if (u & 1) return s;
  return std::nextafter(s, err > 0 ? std::numeric_limits<double>::infinity() : -std::numeric_limits<double>::infinity());
}
}  // namespace

// Products of fp16 values have at most 22 significant bits, so they are exact
// in double; sums go through round-to-odd, so each operation rounds once.
float fp16_add(float a, float b) { return round_to_fp16(add_round_to_odd(a, b)); }
float fp16_mul(float a, float b) { return round_to_fp16(double(a) * double(b)); }
float fp16_fma(float a, float b, float c) { return round_to_fp16(add_round_to_odd(double(a) * double(b), c)); }

}  // namespace tpe
