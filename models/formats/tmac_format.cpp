#include "models/formats/tmac_format.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include <fmt/format.h>

#include "models/formats/int_formats.hpp"

namespace tpe {

TmacWeights tmac_from_symmetric(const GroupQuant& q) {
  if (q.asymmetric || !q.fmt.is_signed)
    throw std::invalid_argument("tmac source quantization is asymmetric; allowed a signed symmetric quantization");
  if (q.groups.size % 4 != 0 && q.groups.count() > 1)
    throw std::invalid_argument(fmt::format("tmac group_size = {} is not allowed; allowed a multiple of 4", q.groups.size));
  TmacWeights w;
  w.n = q.rows();
  w.k = q.q.cols;
  w.bits = q.fmt.bits;
  w.groups = q.groups;
  w.scale = q.scale;
  w.index.assign(size_t(w.bits) * w.n * w.quads(), 0);
  const int32_t offset = int32_t(1) << (w.bits - 1);
  for (int n = 0; n < w.n; ++n)
    for (int k = 0; k < w.k; ++k) {
      const uint32_t code = uint32_t(q.q(n, k) + offset);
      for (int b = 0; b < w.bits; ++b)
        if ((code >> b) & 1) w.index[(size_t(b) * w.n + n) * w.quads() + k / 4] |= uint8_t(1 << (k % 4));
    }
  return w;
}

TmacLut tmac_build_lut(const float* x, int k, int act_group) {
  if (act_group < 4 || act_group % 4 != 0)
    throw std::invalid_argument(
        fmt::format("tmac act_group = {} is out of range; allowed a positive multiple of 4", act_group));
  TmacLut t;
  t.act_group = act_group;
  const int quads = (k + 3) / 4, groups = (k + act_group - 1) / act_group, qpg = act_group / 4;
  std::vector<float> lut(size_t(quads) * 16);
  for (int qd = 0; qd < quads; ++qd) {
    float b[4];
    for (int j = 0; j < 4; ++j) b[j] = 4 * qd + j < k ? x[4 * qd + j] : 0.0f;
    for (int g = 0; g < 16; ++g) {
      float v = 0.0f;
      for (int j = 0; j < 4; ++j) v += ((g >> j) & 1) ? b[j] : -b[j];
      lut[size_t(qd) * 16 + size_t(g)] = v;
    }
  }
  t.qlut.assign(size_t(quads) * 16, 0);
  t.scale.assign(size_t(groups), 0.0f);
  t.bias.assign(size_t(groups), 0.0f);
  for (int ag = 0; ag < groups; ++ag) {
    const int q0 = ag * qpg, q1 = std::min(quads, q0 + qpg);
    float mx = 0.0f, bias = 0.0f;
    for (int qd = q0; qd < q1; ++qd) {
      float s = 0.0f;
      for (int j = 0; j < 4; ++j) s += std::fabs(4 * qd + j < k ? x[4 * qd + j] : 0.0f);
      mx = std::max(mx, s);
      bias += lut[size_t(qd) * 16];
    }
    const float scale = mx / 127.0f;
    t.scale[size_t(ag)] = scale;
    t.bias[size_t(ag)] = bias;
    if (scale == 0.0f) continue;
    for (int qd = q0; qd < q1; ++qd)
      for (int g = 0; g < 16; ++g)
        t.qlut[size_t(qd) * 16 + size_t(g)] = int8_t(saturate_rne(double(lut[size_t(qd) * 16 + size_t(g)] / scale), -128, 127));
  }
  return t;
}

}  // namespace tpe
