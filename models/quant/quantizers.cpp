#include "models/quant/quantizers.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include <fmt/format.h>

#include "models/formats/int_formats.hpp"

namespace tpe {

float GroupQuant::dequant(int r, int k) const {
  const int g = groups.group_of(k);
  return scale(r, g) * float(q(r, k) - zero(r, g));
}

namespace {

GroupQuant empty_like(const Matrix<float>& x, const IntFormat& f, int group_size, bool asym) {
  GroupQuant out;
  out.fmt = f;
  out.groups = make_group_layout(x.cols, group_size);
  out.q = OperandMatrix(x.rows, x.cols, 0);
  out.scale = Matrix<float>(x.rows, out.groups.count(), 0.0f);
  out.zero = Matrix<int32_t>(x.rows, out.groups.count(), 0);
  out.asymmetric = asym;
  return out;
}

void check_finite(const Matrix<float>& x) {
  for (size_t i = 0; i < x.data.size(); ++i)
    if (!std::isfinite(x.data[i]))
      throw std::invalid_argument(fmt::format("quantizer input element {} = {} is not finite; allowed finite values",
                                              i, x.data[i]));
}

float apply_scale_clamp(float s, const SymmetricOptions& opt) {
  if (opt.scale_min > 0.0f) s = std::max(s, opt.scale_min);
  if (opt.scale_max > 0.0f) s = std::min(s, opt.scale_max);
  return s;
}

void check_scale_options(const SymmetricOptions& opt) {
  if (opt.scale_min < 0.0f || opt.scale_max < 0.0f || (opt.scale_max > 0.0f && opt.scale_max < opt.scale_min))
    throw std::invalid_argument(fmt::format("scale clamp [{}, {}] is invalid; allowed 0 <= scale_min <= scale_max",
                                            opt.scale_min, opt.scale_max));
}

}  // namespace

GroupQuant quantize_symmetric_groups(const Matrix<float>& x, int bits, int group_size, SymmetricOptions opt) {
  check_int_bits(bits, "bits");
  check_scale_options(opt);
  check_finite(x);
  const int32_t qmax = symmetric_qmax(bits);
  GroupQuant out = empty_like(x, IntFormat{bits, true}, group_size, false);
  for (int r = 0; r < x.rows; ++r)
    for (int g = 0; g < out.groups.count(); ++g) {
      float amax = 0.0f;
      for (int k = out.groups.begin(g); k < out.groups.end(g); ++k) amax = std::max(amax, std::fabs(x(r, k)));
      const float s = apply_scale_clamp(amax / float(qmax), opt);
      out.scale(r, g) = s;
      if (s == 0.0f) continue;  // all-zero group: codes stay 0
      for (int k = out.groups.begin(g); k < out.groups.end(g); ++k)
        out.q(r, k) = saturate_rne(double(x(r, k) / s), -qmax, qmax);
    }
  return out;
}

GroupQuant quantize_asymmetric_groups(const Matrix<float>& x, int bits, int group_size) {
  check_int_bits(bits, "bits");
  check_finite(x);
  const int32_t qmax = (int32_t(1) << bits) - 1;
  GroupQuant out = empty_like(x, IntFormat{bits, false}, group_size, true);
  for (int r = 0; r < x.rows; ++r)
    for (int g = 0; g < out.groups.count(); ++g) {
      float lo = x(r, out.groups.begin(g)), hi = lo;
      for (int k = out.groups.begin(g); k < out.groups.end(g); ++k) {
        lo = std::min(lo, x(r, k));
        hi = std::max(hi, x(r, k));
      }
      const float s = std::max(hi - lo, 1e-5f) / float(qmax);
      const int32_t z = saturate_rne(-rne(double(lo / s)), 0, qmax);
      out.scale(r, g) = s;
      out.zero(r, g) = z;
      for (int k = out.groups.begin(g); k < out.groups.end(g); ++k)
        out.q(r, k) = saturate_rne(rne(double(x(r, k) / s)) + z, 0, qmax);
    }
  return out;
}

GroupQuant quantize_symmetric_tensor(const Matrix<float>& x, int bits) {
  check_int_bits(bits, "bits");
  check_finite(x);
  const int32_t qmax = symmetric_qmax(bits);
  GroupQuant out = empty_like(x, IntFormat{bits, true}, std::max(1, x.cols), false);
  float amax = 0.0f;
  for (float v : x.data) amax = std::max(amax, std::fabs(v));
  const float s = amax / float(qmax);
  for (auto& v : out.scale.data) v = s;
  if (s != 0.0f)
    for (size_t i = 0; i < x.data.size(); ++i) out.q.data[i] = saturate_rne(double(x.data[i] / s), -qmax, qmax);
  return out;
}

GroupQuant quantize_per_token(const Matrix<float>& x, int bits, int group_size, SymmetricOptions opt) {
  if (group_size < 0)
    throw std::invalid_argument(
        fmt::format("activation group_size = {} is out of range; allowed 0 (per token) or 1..2^24", group_size));
  return quantize_symmetric_groups(x, bits, group_size == 0 ? std::max(1, x.cols) : group_size, opt);
}

Matrix<float> dequantize(const GroupQuant& g) {
  Matrix<float> out(g.q.rows, g.q.cols);
  for (int r = 0; r < g.q.rows; ++r)
    for (int k = 0; k < g.q.cols; ++k) out(r, k) = g.dequant(r, k);
  return out;
}

}  // namespace tpe
