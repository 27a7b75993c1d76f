#include "models/formats/fp_add.hpp"

#include <stdexcept>
#include <utility>

#include <fmt/format.h>

namespace tpe {

namespace {
constexpr int kExtra = 3;  // guard, round, sticky below the significand's LSB

// Right shift that ORs every bit shifted out into bit 0 (the sticky bit).
uint64_t shift_right_sticky(uint64_t x, int d) {
  if (d <= 0) return x;
  if (d >= 63) return x != 0;
  const uint64_t lost = x & ((uint64_t(1) << d) - 1);
  return (x >> d) | (lost != 0);
}
}  // namespace

uint32_t fp_add_bits(const FloatFormat& f, uint32_t a, uint32_t b) {
  if (!f.ieee_specials || f.total_bits() > 32)
    throw std::invalid_argument(
        fmt::format("fp_add format = {}: allowed formats with IEEE specials of at most 32 bits", f.name));
  const int mb = f.man_bits;
  const uint32_t em_mask = f.sign_mask() - 1, man_mask = (uint32_t(1) << mb) - 1;
  const uint32_t exp_ones = (uint32_t(1) << f.exp_bits) - 1;
  if (f.total_bits() < 32 && ((a | b) >> f.total_bits()))
    throw std::invalid_argument(fmt::format("fp_add {} operand = {:#x} is out of range; allowed 0..{:#x}", f.name,
                                            (a >> f.total_bits()) ? a : b, (uint64_t(1) << f.total_bits()) - 1));
  const uint32_t sa = (a & f.sign_mask()) ? 1 : 0, sb = (b & f.sign_mask()) ? 1 : 0;
  uint32_t ma = a & em_mask, mbits = b & em_mask;
  const uint32_t nan = f.canonical_nan_bits(), inf = exp_ones << mb;
  // Specials.
  const bool a_nan = (ma >> mb) == exp_ones && (ma & man_mask), b_nan = (mbits >> mb) == exp_ones && (mbits & man_mask);
  if (a_nan || b_nan) return nan;
  const bool a_inf = ma == inf, b_inf = mbits == inf;
  if (a_inf && b_inf) return sa == sb ? (sa ? f.sign_mask() : 0) | inf : nan;
  if (a_inf) return (sa ? f.sign_mask() : 0) | inf;
  if (b_inf) return (sb ? f.sign_mask() : 0) | inf;
  // Order by magnitude: x is the larger (its sign is the result's unless the sum is 0).
  uint32_t sx = sa, sy = sb, x = ma, y = mbits;
  if (y > x) {
    std::swap(x, y);
    std::swap(sx, sy);
  }
  const uint32_t hidden = uint32_t(1) << mb;
  // Subnormals (exponent field 0) share exponent 1 without the hidden bit.
  const int ex = std::max<int>(x >> mb, 1), ey = std::max<int>(y >> mb, 1);
  const uint64_t X = uint64_t((x & man_mask) | ((x >> mb) ? hidden : 0)) << kExtra;
  const uint64_t Y = shift_right_sticky(uint64_t((y & man_mask) | ((y >> mb) ? hidden : 0)) << kExtra, ex - ey);
  uint64_t S = sx == sy ? X + Y : X - Y;
  if (S == 0) return (sx && sy) ? f.sign_mask() : 0;  // exact zero: -0 only for (-0) + (-0)
  int e = ex;
  const uint64_t top = uint64_t(hidden) << kExtra;  // the hidden bit's place in S
  if (S >= 2 * top) {  // carry out of the significand
    S = shift_right_sticky(S, 1);
    ++e;
  }
  while (S < top && e > 1) {  // after cancellation; stops at the subnormal exponent
    S <<= 1;
    --e;
  }
  // Round to nearest, ties to even, on the three extra bits.
  uint64_t keep = S >> kExtra;
  const uint32_t grs = uint32_t(S & 7);
  if (grs > 4 || (grs == 4 && (keep & 1))) ++keep;
  if (keep == 2 * hidden) {  // rounding carried into the next binade
    keep >>= 1;
    ++e;
  }
  const uint32_t sign = sx ? f.sign_mask() : 0;
  if (uint32_t(e) >= exp_ones) return sign | inf;
  const uint32_t exp_field = (keep & hidden) ? uint32_t(e) : 0;  // no hidden bit: subnormal
  return sign | (exp_field << mb) | uint32_t(keep & man_mask);
}

}  // namespace tpe
