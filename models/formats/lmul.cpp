#include "models/formats/lmul.hpp"

#include <cstring>
#include <stdexcept>

#include <fmt/format.h>

namespace tpe {

namespace {
constexpr uint32_t kFp32QuietNan = 0x7FC00000u;
constexpr uint32_t kFp32Inf = 0x7F800000u;
constexpr int kFp32Bias = 127;
constexpr int kFp32ManBits = 23;

struct Fields {
  uint32_t sign, exp, man;
};

Fields split(const FloatFormat& f, uint32_t bits) {
  const uint32_t em_mask = (f.total_bits() >= 32) ? 0x7FFFFFFFu : (f.sign_mask() - 1);
  if (f.total_bits() < 32 && (bits >> f.total_bits()))
    throw std::invalid_argument(fmt::format("L-Mul {} operand = {:#x} is out of range; allowed 0..{:#x}", f.name,
                                            bits, (uint32_t(1) << f.total_bits()) - 1));
  const uint32_t em = bits & em_mask;
  return {(bits >> (f.total_bits() - 1)) & 1u, em >> f.man_bits, em & ((uint32_t(1) << f.man_bits) - 1)};
}

bool is_nan(const FloatFormat& f, const Fields& x) {
  const uint32_t e_ones = (uint32_t(1) << f.exp_bits) - 1, m_ones = (uint32_t(1) << f.man_bits) - 1;
  return x.exp == e_ones && (f.ieee_specials ? x.man != 0 : x.man == m_ones);
}
bool is_inf(const FloatFormat& f, const Fields& x) {
  return f.ieee_specials && x.exp == (uint32_t(1) << f.exp_bits) - 1 && x.man == 0;
}
}  // namespace

const FloatFormat& lmul_fp32_format() {
  static const FloatFormat f{"fp32", 8, 23, 127, true, Overflow::Infinity};
  return f;
}
const FloatFormat& fp8_e4m4_format() {
  static const FloatFormat f{"e4m4", 4, 4, 7, false, Overflow::Saturate};
  return f;
}

int lmul_l(int man_bits) { return man_bits <= 3 ? man_bits : man_bits == 4 ? 3 : 4; }
uint32_t lmul_offset_lsbs(int man_bits) { return (uint32_t(1) << man_bits) >> lmul_l(man_bits); }

uint32_t lmul_bits(const FloatFormat& f, uint32_t a, uint32_t b) {
  const Fields x = split(f, a), y = split(f, b);
  const uint32_t sign = (x.sign ^ y.sign) << 31;
  if (is_nan(f, x) || is_nan(f, y)) return kFp32QuietNan;
  const bool x_inf = is_inf(f, x), y_inf = is_inf(f, y);
  const bool x_zero = x.exp == 0, y_zero = y.exp == 0;  // zero or subnormal: flushed
  if (x_inf || y_inf) return (x_zero || y_zero) ? kFp32QuietNan : sign | kFp32Inf;
  if (x_zero || y_zero) return sign;
  // The one adder: both exponent+mantissa fields plus the offset. Its carry
  // out of the mantissa field lands in the exponent (the integer-add semantics).
  const int64_t sum = (int64_t(x.exp) << f.man_bits) + x.man + (int64_t(y.exp) << f.man_bits) + y.man +
                      lmul_offset_lsbs(f.man_bits);
  const int64_t exp32 = (sum >> f.man_bits) - 2 * int64_t(f.bias) + kFp32Bias;  // re-biased for fp32
  const uint32_t man = uint32_t(sum & ((int64_t(1) << f.man_bits) - 1));
  if (exp32 >= 255) return sign | kFp32Inf;
  if (exp32 <= 0) return sign;
  return sign | (uint32_t(exp32) << kFp32ManBits) | (man << (kFp32ManBits - f.man_bits));
}

float lmul_value(const FloatFormat& f, uint32_t a, uint32_t b) { return fp32_from_bits(lmul_bits(f, a, b)); }

float fp32_from_bits(uint32_t bits) {
  float x;
  std::memcpy(&x, &bits, sizeof x);
  return x;
}
uint32_t fp32_to_bits(float x) {
  uint32_t b;
  std::memcpy(&b, &x, sizeof b);
  return b;
}

}  // namespace tpe
