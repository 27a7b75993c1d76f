#include "sim/families/bitslice/bitslice_model.hpp"

#include <algorithm>

#include "models/families/bitslice/bitslice_cycles.hpp"
#include "models/gemm/int_gemm.hpp"
#include "sim/families/bitslice/bitslice_counters.hpp"

namespace tpe::bitslice {

BitsliceModel::BitsliceModel(const EngineConfig& cfg)
    : cfg_(cfg),
      p_(Params::of(cfg)),
      layout_(PortLayout::of(cfg)),
      a_port_(cfg.a),
      b_port_(cfg.b),
      acc_port_(cfg.acc_bits, product_is_signed(cfg.a, cfg.b)) {
  in_valid_ = layout_.input("in_valid");
  in_first_ = layout_.input("in_first");
  a_vec_ = layout_.input("a_vec");
  b_vec_ = layout_.input("b_vec");
  rd_en_ = layout_.input("rd_en");
  rd_row_ = layout_.input("rd_row");
  out_valid_ = layout_.output("out_valid");
  c_vec_ = layout_.output("c_vec");
  idle_ = layout_.output("idle");
  ready_ = layout_.output("ready");
  reset();
}

void BitsliceModel::reset() {
  a_q_.assign(size_t(p_.rows * p_.lanes), 0);
  b_q_.assign(size_t(p_.cols * p_.lanes), 0);
  f_q_ = busy_ = false;
  step_ = t_ = 0;
  acc_.assign(size_t(p_.rows) * size_t(p_.cols), 0);
  counts_.assign(kCounters, 0);
  out_ = layout_.make_outputs();
  update_status();
}

void BitsliceModel::update_status() {
  out_.set(idle_, !busy_);
  out_.set(ready_, !busy_ || t_ - step_ <= 2);
}

void BitsliceModel::read_row(int64_t row) {
  std::vector<int64_t>& c = out_.port[size_t(c_vec_)];
  if (row < 0 || row >= p_.rows)
    std::fill(c.begin(), c.end(), 0);
  else
    acc_port_.convert(&acc_[size_t(row) * size_t(p_.cols)], c.data(), p_.cols);
  counts_[kAccReadout] += uint64_t(p_.cols);
}

void BitsliceModel::step() {
  const int R = p_.rows, C = p_.cols, G = p_.lanes, s = step_;
  // Stripes: the column's weights of plane s, shifted (and negated on a
  // signed activation's top plane), shared by the column's PEs.
  const bool negate = cfg_.a.is_signed && s == cfg_.a.bits - 1;
  std::vector<uint64_t> w(size_t(C * G));
  for (size_t x = 0; x < w.size(); ++x) {
    const uint64_t v = uint64_t(b_q_[x]) << s;
    w[x] = negate ? uint64_t(0) - v : v;
  }
  for (int i = 0; i < R; ++i)
    for (int j = 0; j < C; ++j) {
      uint64_t& acc = acc_[size_t(i * C + j)];
      if (f_q_ && s == 0) acc = 0;
      for (int l = 0; l < G; ++l)
        if ((uint64_t(a_q_[size_t(i * G + l)]) >> s) & 1) acc += w[size_t(j * G + l)];
    }
  counts_[kPeStep] += uint64_t(R) * uint64_t(C);
  if (s == 0) counts_[kMac] += uint64_t(R) * uint64_t(C) * uint64_t(G);
  ++step_;
  busy_ = step_ < t_;
}

void BitsliceModel::load(const ArrayInputs& in) {
  a_port_.convert(in.port[size_t(a_vec_)].data(), a_q_.data(), int(a_q_.size()));
  b_port_.convert(in.port[size_t(b_vec_)].data(), b_q_.data(), int(b_q_.size()));
  f_q_ = in.flag(in_first_);
  busy_ = true;
  step_ = 0;
  // The group's cycles: the reference's function of the rows' digits.
  t_ = 0;
  for (int i = 0; i < p_.rows; ++i) {
    std::vector<int32_t> row(a_q_.begin() + i * p_.lanes, a_q_.begin() + (i + 1) * p_.lanes);
    t_ = std::max(t_, row_group_cycles(cfg_, row.data(), p_.lanes));
  }
  counts_[kGroupLoad] += 1;
}

const ArrayOutputs& BitsliceModel::tick(const ArrayInputs& in) {
  const bool rd_en = in.flag(rd_en_);
  out_.set(out_valid_, rd_en);
  if (rd_en) read_row(in.port[size_t(rd_row_)][0]);
  if (busy_) step();
  if (in.flag(in_valid_)) load(in);
  update_status();
  return out_;
}

}  // namespace tpe::bitslice
