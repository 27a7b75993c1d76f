#include "sim/families/lutgemm/lutgemm_model.hpp"

namespace tpe::lutgemm {

LutGemmModel::LutGemmModel(const EngineConfig& cfg) : layout_(PortLayout::of(cfg)), p_(Params::of(cfg)) {
  in_valid_ = layout_.input("in_valid");
  first_ = layout_.input("first");
  last_ = layout_.input("last");
  fold_ = layout_.input("fold");
  act_ = layout_.input("act");
  code_ = layout_.input("code");
  alpha_ = layout_.input("alpha");
  bias_ = layout_.input("q_bias");
  out_valid_ = layout_.output("out_valid");
  c_vec_ = layout_.output("c_vec");
  reset();
}

void LutGemmModel::reset() {
  counts_.assign(kCounters, 0);
  sums_.assign(size_t(p_.rows * p_.cols * (p_.arith.planes + 1)), 0);  // registers reset to +0, as in the RTL
  out_ = layout_.make_outputs();
}

const ArrayOutputs& LutGemmModel::tick(const ArrayInputs& in) {
  const bool valid = in.flag(in_valid_);
  out_.set(out_valid_, valid && in.flag(last_));
  if (!valid) return out_;
  const int q = p_.arith.planes;
  const bool first = in.flag(first_), folding = in.flag(fold_);
  std::vector<int64_t>& y = out_.port[size_t(c_vec_)];
  const std::vector<int64_t>& act = in.port[size_t(act_)];
  const std::vector<int64_t>& code = in.port[size_t(code_)];
  const std::vector<int64_t>& alpha = in.port[size_t(alpha_)];
  const std::vector<int64_t>& bias = in.port[size_t(bias_)];
  std::vector<uint16_t> s(static_cast<size_t>(q + 1)), al(static_cast<size_t>(q));
  for (int r = 0; r < p_.rows; ++r) {
    uint16_t x[kGroup];
    for (int j = 0; j < kGroup; ++j) x[j] = uint16_t(act[size_t(r * kGroup + j)]);
    const Table table = fp16_table(x);
    for (int c = 0; c < p_.cols; ++c) {
      const int pe = r * p_.cols + c;
      uint16_t* t = &sums_[size_t(pe * (q + 1))];
      for (int pl = 0; pl <= q; ++pl) {
        const uint16_t entry = pl < q ? table[size_t(code[size_t(c * q + pl)])] : table[kTableSize - 1];
        s[size_t(pl)] = add16(first ? 0 : t[pl], entry);
      }
      const uint16_t y_in = first ? 0 : uint16_t(y[size_t(pe)]);
      if (folding) {
        for (int pl = 0; pl < q; ++pl) al[size_t(pl)] = uint16_t(alpha[size_t(c * q + pl)]);
        y[size_t(pe)] = fold(y_in, al.data(), s.data(), q, uint16_t(bias[size_t(c)]), s[size_t(q)]);
        std::fill(t, t + q + 1, 0);
      } else {
        y[size_t(pe)] = y_in;
        std::copy(s.begin(), s.end(), t);
      }
    }
  }
  const uint64_t pes = uint64_t(p_.rows) * uint64_t(p_.cols);
  counts_[kMac] += pes * kGroup;
  counts_[kTableBuilds] += uint64_t(p_.rows);
  counts_[kLookups] += pes * uint64_t(q + 1);
  if (folding) counts_[kFolds] += pes;
  if (in.flag(last_)) counts_[kResultValues] += pes;
  return out_;
}

}  // namespace tpe::lutgemm
