#include "models/formats/lutgemm_format.hpp"

#include <stdexcept>

#include <fmt/format.h>

#include "models/formats/float_formats.hpp"

namespace tpe {

double LutGemmWeights::dequant(int nn, int kk) const {
  const int g = groups.group_of(kk);
  double v = 0.0;
  for (int b = 0; b < bits; ++b) v += double(alpha_at(g, b, nn)) * (2 * bit(nn, kk, b) - 1);
  return v + double(bias_at(g, nn));
}

LutGemmWeights lutgemm_from_uniform(const GroupQuant& q) {
  if (!q.asymmetric || q.fmt.is_signed)
    throw std::invalid_argument("lutgemm source quantization is symmetric; allowed an unsigned zero-point quantization");
  if (q.groups.size % 8 != 0 && q.groups.count() > 1)
    throw std::invalid_argument(
        fmt::format("lutgemm group_size = {} is not allowed; allowed a multiple of 8", q.groups.size));
  LutGemmWeights w;
  w.n = q.rows();
  w.k = q.q.cols;
  w.bits = q.fmt.bits;
  w.groups = q.groups;
  const int G = q.groups.count();
  w.bweight.assign(size_t(w.words()) * w.bits * w.n, 0u);
  w.alpha.assign(size_t(G) * w.bits * w.n, 0.0f);
  w.q_bias.assign(size_t(G) * w.n, 0.0f);
  for (int n = 0; n < w.n; ++n) {
    for (int k = 0; k < w.k; ++k)
      for (int b = 0; b < w.bits; ++b)
        if ((q.q(n, k) >> b) & 1) w.bweight[(size_t(k / 32) * w.bits + b) * w.n + n] |= uint32_t(1) << (k % 32);
    for (int g = 0; g < G; ++g) {
      const float s = q.scale(n, g);
      float sum = 0.0f;
      for (int b = 0; b < w.bits; ++b) {
        const float a = s * float(1 << b) / 2.0f;  // exact: a power-of-two multiple of s
        sum += a;
        w.alpha[(size_t(g) * w.bits + b) * w.n + n] = round_to_fp16(a);
      }
      w.q_bias[size_t(g) * w.n + n] = round_to_fp16(sum - s * float(q.zero(n, g)));
    }
  }
  return w;
}

std::array<float, 256> lutgemm_build_lut(const float x16[8]) {
  std::array<float, 256> lut{};
  for (int p = 0; p < 64; ++p) {
    float v = (p & 1) ? x16[0] : -x16[0];
    for (int j = 1; j < 8; ++j) v = fp16_add(v, ((p >> j) & 1) ? x16[j] : -x16[j]);
    lut[size_t(p)] = v;
  }
  for (int s = 6; s < 8; ++s) {
    const float twice = round_to_fp16(2.0 * double(x16[s]));
    for (int p = 1 << s; p < (2 << s); ++p) lut[size_t(p)] = fp16_add(lut[size_t(p - (1 << s))], twice);
  }
  return lut;
}

}  // namespace tpe
