#include "sim/families/lmul/lmul_model.hpp"

#include "models/families/lmul/lmul_spec.hpp"
#include "models/formats/fp_add.hpp"
#include "models/formats/lmul.hpp"

namespace tpe::lmul {

LmulModel::LmulModel(const EngineConfig& cfg)
    : layout_(PortLayout::of(cfg)),
      format_(*Params::of(cfg).format),
      rows_(Params::of(cfg).rows),
      cols_(Params::of(cfg).cols) {
  in_valid_ = layout_.input("in_valid");
  first_ = layout_.input("first");
  last_ = layout_.input("last");
  a_vec_ = layout_.input("a_vec");
  b_vec_ = layout_.input("b_vec");
  out_valid_ = layout_.output("out_valid");
  c_vec_ = layout_.output("c_vec");
  reset();
}

void LmulModel::reset() {
  counts_.assign(kCounters, 0);
  out_ = layout_.make_outputs();  // accumulators reset to +0, as in the RTL
}

const ArrayOutputs& LmulModel::tick(const ArrayInputs& in) {
  const bool valid = in.flag(in_valid_);
  out_.set(out_valid_, valid && in.flag(last_));
  if (!valid) return out_;
  const bool first = in.flag(first_);
  const FloatFormat& f32 = lmul_fp32_format();
  std::vector<int64_t>& acc = out_.port[size_t(c_vec_)];
  const std::vector<int64_t>& a = in.port[size_t(a_vec_)];
  const std::vector<int64_t>& b = in.port[size_t(b_vec_)];
  for (int i = 0; i < rows_; ++i)
    for (int j = 0; j < cols_; ++j) {
      int64_t& c = acc[size_t(i * cols_ + j)];
      c = fp_add_bits(f32, first ? 0u : uint32_t(c), lmul_bits(format_, uint32_t(a[size_t(i)]), uint32_t(b[size_t(j)])));
    }
  counts_[kMac] += uint64_t(rows_) * uint64_t(cols_);
  counts_[kOperandBits] += uint64_t(rows_ + cols_) * uint64_t(format_.total_bits());
  if (in.flag(last_)) counts_[kResultValues] += uint64_t(rows_) * uint64_t(cols_);
  return out_;
}

}  // namespace tpe::lmul
