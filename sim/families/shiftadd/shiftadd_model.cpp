#include "sim/families/shiftadd/shiftadd_model.hpp"

#include "models/gemm/int_gemm.hpp"

namespace tpe::shiftadd {

ShiftAddModel::ShiftAddModel(const EngineConfig& cfg) : layout_(PortLayout::of(cfg)), p_(Params::of(cfg)) {
  in_valid_ = layout_.input("in_valid");
  first_ = layout_.input("first");
  last_ = layout_.input("last");
  act_ = layout_.input("act");
  code_ = layout_.input("code");
  alpha_ = layout_.input("alpha");
  out_valid_ = layout_.output("out_valid");
  c_vec_ = layout_.output("c_vec");
  reset();
}

void ShiftAddModel::reset() {
  counts_.assign(kCounters, 0);
  out_ = layout_.make_outputs();  // accumulators reset to 0, as in the RTL
}

const ArrayOutputs& ShiftAddModel::tick(const ArrayInputs& in) {
  const bool valid = in.flag(in_valid_);
  out_.set(out_valid_, valid && in.flag(last_));
  if (!valid) return out_;
  const Arith& ar = p_.arith;
  const bool first = in.flag(first_);
  std::vector<int64_t>& acc = out_.port[size_t(c_vec_)];
  const std::vector<int64_t>& act = in.port[size_t(act_)];
  const std::vector<int64_t>& code = in.port[size_t(code_)];
  const std::vector<int64_t>& alpha = in.port[size_t(alpha_)];
  for (int r = 0; r < p_.rows; ++r) {
    int32_t x[kGroup];
    for (int j = 0; j < kGroup; ++j) x[j] = int32_t(act[size_t(r * kGroup + j)]);
    const std::vector<int64_t> table = partial_sum_table(x, kGroup);
    for (int c = 0; c < p_.cols; ++c) {
      int64_t sum = 0;
      for (int pl = 0; pl < ar.planes; ++pl) {
        const int64_t e = table[size_t(code[size_t(c * ar.planes + pl)])];
        for (int t = 0; t < ar.terms; ++t) {
          const int32_t tc = int32_t(alpha[size_t((c * ar.planes + pl) * ar.terms + t)]);
          const int s = term_sign(ar, tc);
          const int64_t shifted = int64_t(uint64_t(e) << term_shift(ar, tc));
          sum += s > 0 ? shifted : s < 0 ? -shifted : 0;
        }
      }
      int64_t& a = acc[size_t(r * p_.cols + c)];
      a = wrap_to_accumulator(int64_t(uint64_t(first ? 0 : a) + uint64_t(sum)), ar.acc_bits, true);
    }
  }
  const uint64_t pes = uint64_t(p_.rows) * uint64_t(p_.cols);
  counts_[kMac] += pes * kGroup;
  counts_[kTableBuilds] += uint64_t(p_.rows);
  counts_[kLookups] += pes * uint64_t(ar.planes);
  counts_[kShiftAdds] += pes * uint64_t(ar.planes * ar.terms);
  if (in.flag(last_)) counts_[kResultValues] += pes;
  return out_;
}

}  // namespace tpe::shiftadd
