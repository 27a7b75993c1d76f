#include "sim/families/mixed/mixed_model.hpp"

#include <cstring>

#include "models/families/mixed/mixed_spec.hpp"
#include "models/formats/float_formats.hpp"
#include "models/formats/fp_add.hpp"
#include "models/formats/lmul.hpp"
#include "models/quant/scheme_w4a16.hpp"

namespace tpe::mixed {

MixedModel::MixedModel(const EngineConfig& cfg)
    : layout_(PortLayout::of(cfg)), rows_(Params::of(cfg).rows), cols_(Params::of(cfg).cols) {
  in_valid_ = layout_.input("in_valid");
  first_ = layout_.input("first");
  last_ = layout_.input("last");
  a_vec_ = layout_.input("a_vec");
  q_vec_ = layout_.input("q_vec");
  s_vec_ = layout_.input("s_vec");
  z_vec_ = layout_.input("z_vec");
  out_valid_ = layout_.output("out_valid");
  c_vec_ = layout_.output("c_vec");
  w16_.assign(size_t(cols_), 0.f);
  reset();
}

void MixedModel::reset() {
  counts_.assign(kCounters, 0);
  out_ = layout_.make_outputs();  // accumulators reset to +0, as in the RTL
}

const ArrayOutputs& MixedModel::tick(const ArrayInputs& in) {
  const bool valid = in.flag(in_valid_);
  out_.set(out_valid_, valid && in.flag(last_));
  if (!valid) return out_;
  const FloatFormat& f16 = fp16_format();
  const std::vector<int64_t>& a = in.port[size_t(a_vec_)];
  const std::vector<int64_t>& q = in.port[size_t(q_vec_)];
  const std::vector<int64_t>& s = in.port[size_t(s_vec_)];
  const std::vector<int64_t>& z = in.port[size_t(z_vec_)];
  for (int j = 0; j < cols_; ++j) {
    const float s16 = float(decode(f16, uint32_t(s[size_t(j)])));
    w16_[size_t(j)] = w4a16_dequant(int(q[size_t(j)]), s16, w4a16_scaled_zero(s16, int(z[size_t(j)])));
  }
  const bool first = in.flag(first_);
  std::vector<int64_t>& acc = out_.port[size_t(c_vec_)];
  for (int i = 0; i < rows_; ++i) {
    const float x16 = float(decode(f16, uint32_t(a[size_t(i)])));
    for (int j = 0; j < cols_; ++j) {
      const float prod = x16 * w16_[size_t(j)];  // exact: 11 x 11 significant bits, in fp32's range
      uint32_t p;
      std::memcpy(&p, &prod, 4);
      int64_t& c = acc[size_t(i * cols_ + j)];
      c = fp_add_bits(lmul_fp32_format(), first ? 0u : uint32_t(c), p);
    }
  }
  counts_[kMac] += uint64_t(rows_) * uint64_t(cols_);
  counts_[kDequants] += uint64_t(cols_);
  counts_[kOperandBits] += uint64_t(rows_) * 16 + uint64_t(cols_) * (4 + 16 + 4);
  if (in.flag(last_)) counts_[kResultValues] += uint64_t(rows_) * uint64_t(cols_);
  return out_;
}

}  // namespace tpe::mixed
