#include "models/formats/int_formats.hpp"

#include <cmath>
#include <stdexcept>

#include <fmt/format.h>

namespace tpe {

void check_int_bits(int bits, const char* param) {
  if (bits < kMinIntBits || bits > kMaxIntBits)
    throw std::invalid_argument(
        fmt::format("{} = {} is out of range; allowed {}..{}", param, bits, kMinIntBits, kMaxIntBits));
}

IntFormat make_int_format(int bits, bool is_signed) {
  check_int_bits(bits, "bits");
  return IntFormat{bits, is_signed};
}

int32_t symmetric_qmax(int bits) {
  check_int_bits(bits, "bits");
  return (int32_t(1) << (bits - 1)) - 1;
}

double rne(double v) {
  // floor() and the subtraction are exact for every double, so the tie test is exact.
  const double fl = std::floor(v);
  const double frac = v - fl;
  if (frac > 0.5) return fl + 1.0;
  if (frac < 0.5) return fl;
  return std::fmod(fl, 2.0) == 0.0 ? fl : fl + 1.0;
}

int32_t saturate_rne(double v, int32_t lo, int32_t hi) {
  if (std::isnan(v)) throw std::invalid_argument("saturate_rne: value is NaN; a NaN has no integer code");
  const double r = rne(v);
  if (r <= lo) return lo;
  if (r >= hi) return hi;
  return int32_t(r);
}

int32_t saturate_rne(double v, const IntFormat& f) {
  check_int_bits(f.bits, "format bits");
  return saturate_rne(v, int32_t(f.min_value()), int32_t(f.max_value()));
}

int32_t ternary_encode(double v) { return saturate_rne(v, -1, 1); }

uint8_t ternary_to_code(int32_t t) {
  if (t < -1 || t > 1)
    throw std::invalid_argument(fmt::format("ternary value = {} is out of range; allowed -1..1", t));
  return uint8_t(t + 2);
}

int32_t ternary_from_code(uint8_t code) {
  if (code < 1 || code > 3)
    throw std::invalid_argument(fmt::format("ternary code = {} is out of range; allowed 1..3", int(code)));
  return int32_t(code) - 2;
}

}  // namespace tpe
