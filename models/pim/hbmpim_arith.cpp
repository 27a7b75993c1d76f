#include "models/pim/hbmpim_arith.hpp"

#include <cmath>
#include <cstring>
#include <stdexcept>

#include <fmt/format.h>

#include "models/formats/float_formats.hpp"

namespace tpe::pim {
namespace {

// Every fp16 value as a double, decoded once (models/formats' exact decoder):
// the GEMV decodes three values a MAC.
double value(uint16_t bits) {
  static const std::vector<double> table = [] {
    std::vector<double> t(65536);
    for (uint32_t b = 0; b < 65536; ++b) t[b] = decode(fp16_format(), b);
    return t;
  }();
  return table[bits];
}

// One rounding of a double to binary16, nearest-even, overflow to Inf, NaN
// to the canonical NaN. The product or sum of two fp16 values is exact in a
// double, so rounding it here rounds the operation once. Bit arithmetic on
// the double rather than the generic codec: a 4096 x 4096 GEMV rounds 33 M
// times in the reference and as many in the model.
uint16_t round_fp16(double v) {
  if (std::isnan(v)) return kCanonicalNaN;
  uint64_t b;
  std::memcpy(&b, &v, 8);
  const uint16_t sign = uint16_t((b >> 63) << 15);
  const uint64_t mag = b & ~(uint64_t(1) << 63);
  const int e = int(mag >> 52) - 1023;  // unbiased exponent (normal doubles; subnormals flush below)
  if (e > 15) return sign | 0x7C00;     // >= 65536 and Inf
  if (e < -26) return sign;             // below half the smallest subnormal 2^-24 (ties included: 2^-25 -> 0 is e = -25)
  const uint64_t m = (mag & ((uint64_t(1) << 52) - 1)) | (uint64_t(1) << 52);  // 53-bit significand
  // Keep 11 significant bits for normals (exponent >= -14), fewer for subnormals.
  const int shift = 42 + (e < -14 ? -14 - e : 0);
  uint64_t r = m >> shift;
  const uint64_t rem = m & ((uint64_t(1) << shift) - 1), half = uint64_t(1) << (shift - 1);
  if (rem > half || (rem == half && (r & 1))) ++r;
  if (e < -14) return sign | uint16_t(r);  // subnormal (r == 1024 is the smallest normal, encoded alike)
  int exp = e + 15;
  if (r == 2048) r = 1024, ++exp;          // rounding carried into the exponent
  if (exp > 30) return sign | 0x7C00;
  return uint16_t(sign | (exp << 10) | (r - 1024));
}

}  // namespace

uint16_t fp16_mul_bits(uint16_t a, uint16_t b) { return round_fp16(value(a) * value(b)); }
uint16_t fp16_add_bits(uint16_t a, uint16_t b) { return round_fp16(value(a) + value(b)); }

uint16_t fp16_mac_bits(uint16_t w, uint16_t x, uint16_t acc) { return fp16_add_bits(fp16_mul_bits(w, x), acc); }

uint16_t lane_tree(const uint16_t* lanes) {
  uint16_t s[kLanes];
  for (int i = 0; i < kLanes; ++i) s[i] = lanes[i];
  for (int n = kLanes / 2; n >= 1; n /= 2)
    for (int j = 0; j < n; ++j) s[j] = fp16_add_bits(s[2 * j], s[2 * j + 1]);
  return s[0];
}

std::vector<uint16_t> hbmpim_gemv_reference(const Fp16Matrix& w, const std::vector<uint16_t>& x) {
  if (w.cols < 1 || x.empty() || x.size() % size_t(w.cols) != 0)
    throw std::invalid_argument(fmt::format(
        "hbmpim GEMV: x has {} elements; allowed: a positive multiple of W's {} columns (a batch of input vectors)",
        x.size(), w.cols));
  const int K = w.cols, tiles = input_tiles(K), batch = int(x.size() / size_t(K));
  std::vector<uint16_t> y(size_t(batch) * size_t(w.rows));
  for (int b = 0; b < batch; ++b) {
    const uint16_t* xb = x.data() + size_t(b) * size_t(K);
    for (int n = 0; n < w.rows; ++n) {
      uint16_t acc[kLanes] = {};  // GRF_B is reset to +0 on entry to HAB_PIM
      for (int parity = 0; parity < 2; ++parity)
        for (int t = parity; t < tiles; t += 2)
          for (int burst = 0; burst < kGrfA; ++burst)
            for (int l = 0; l < kLanes; ++l) {
              const int k = t * kInputTile + burst * kLanes + l;
              const uint16_t wv = k < K ? w(n, k) : 0, xv = k < K ? xb[k] : 0;
              acc[l] = fp16_mac_bits(wv, xv, acc[l]);
            }
      y[size_t(b) * size_t(w.rows) + size_t(n)] = lane_tree(acc);
    }
  }
  return y;
}

}  // namespace tpe::pim
