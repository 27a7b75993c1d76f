#include "models/pim/hbmpim_arith.hpp"

#include <stdexcept>

#include <fmt/format.h>

#include "models/formats/float_formats.hpp"

namespace tpe::pim {
namespace {

// Every fp16 value as a double, decoded once: the GEMV decodes 3 values a MAC.
double value(uint16_t bits) {
  static const std::vector<double> table = [] {
    std::vector<double> t(65536);
    for (uint32_t b = 0; b < 65536; ++b) t[b] = decode(fp16_format(), b);
    return t;
  }();
  return table[bits];
}
uint16_t canonical(uint32_t bits) {
  return is_nan_bits(fp16_format(), bits) ? kCanonicalNaN : uint16_t(bits);
}

}  // namespace

// fp16_mul / fp16_add (models/formats) round the exact result once to
// nearest-even with overflow to Inf: one IEEE binary16 operation each.
uint16_t fp16_mul_bits(uint16_t a, uint16_t b) {
  return canonical(encode(fp16_format(), double(fp16_mul(float(value(a)), float(value(b))))));
}

uint16_t fp16_add_bits(uint16_t a, uint16_t b) {
  return canonical(encode(fp16_format(), double(fp16_add(float(value(a)), float(value(b))))));
}

uint16_t fp16_mac_bits(uint16_t w, uint16_t x, uint16_t acc) { return fp16_add_bits(fp16_mul_bits(w, x), acc); }

uint16_t lane_tree(const uint16_t* lanes) {
  uint16_t s[kLanes];
  for (int i = 0; i < kLanes; ++i) s[i] = lanes[i];
  for (int n = kLanes / 2; n >= 1; n /= 2)
    for (int j = 0; j < n; ++j) s[j] = fp16_add_bits(s[2 * j], s[2 * j + 1]);
  return s[0];
}

std::vector<uint16_t> hbmpim_gemv_reference(const Fp16Matrix& w, const std::vector<uint16_t>& x) {
  if (size_t(w.cols) != x.size())
    throw std::invalid_argument(fmt::format("hbmpim GEMV: W has {} columns but x has {} elements", w.cols, x.size()));
  const int K = w.cols, tiles = input_tiles(K);
  std::vector<uint16_t> y(size_t(w.rows));
  for (int n = 0; n < w.rows; ++n) {
    uint16_t acc[kLanes] = {};  // GRF_B is reset to +0 on entry to HAB_PIM
    for (int parity = 0; parity < 2; ++parity)
      for (int t = parity; t < tiles; t += 2)
        for (int burst = 0; burst < kGrfA; ++burst)
          for (int l = 0; l < kLanes; ++l) {
            const int k = t * kInputTile + burst * kLanes + l;
            const uint16_t wv = k < K ? w(n, k) : 0, xv = k < K ? x[size_t(k)] : 0;
            acc[l] = fp16_mac_bits(wv, xv, acc[l]);
          }
    y[size_t(n)] = lane_tree(acc);
  }
  return y;
}

}  // namespace tpe::pim
