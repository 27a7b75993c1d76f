#include "sim/families/cube/cube_model.hpp"

#include <algorithm>

#include "models/gemm/int_gemm.hpp"
#include "sim/core/row_kernels.hpp"

namespace tpe::cube {

CubeModel::CubeModel(const EngineConfig& cfg)
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
  reset();
}

void CubeModel::reset() {
  v_q_ = f_q_ = v_d_ = f_d_ = false;
  a_q_.assign(size_t(p_.x) * p_.z, 0);
  b_q_.assign(size_t(p_.z) * p_.y, 0);
  dot_.assign(size_t(p_.x) * p_.y, 0);
  acc_.assign(size_t(p_.x) * p_.y, 0);
  out_ = layout_.make_outputs();
  out_.set(idle_, 1);
  counts_.assign(kCounters, 0);
}

void CubeModel::reduce() {
  std::fill(dot_.begin(), dot_.end(), 0);
  for (int i = 0; i < p_.x; ++i)
    for (int k = 0; k < p_.z; ++k)  // row i of the block product: row k of b_q scaled by a_q(i,k)
      axpy_row(&dot_[size_t(i) * p_.y], a_q_[size_t(i) * p_.z + k], &b_q_[size_t(k) * p_.y], p_.y);
}

const ArrayOutputs& CubeModel::tick(const ArrayInputs& in) {
  const size_t Y = size_t(p_.y);
  // Every register samples the values from before this edge: read-out, then
  // the accumulators (from dot), then dot (from the input register), then
  // the input register.
  const bool rd_en = in.flag(rd_en_);
  out_.set(out_valid_, rd_en);
  if (rd_en) {
    const int64_t row = in.port[rd_row_][0];
    std::vector<int64_t>& c = out_.port[c_vec_];
    if (row < p_.x)
      acc_port_.convert(&acc_[size_t(row) * Y], c.data(), p_.y);
    else
      std::fill(c.begin(), c.end(), 0);  // the one-hot select picks no row
    counts_[kAccReadout] += Y;
  }
  if (v_d_) {
    if (f_d_)
      acc_ = dot_;
    else
      for (size_t e = 0; e < acc_.size(); ++e) acc_[e] += dot_[e];
  }
  v_d_ = v_q_;
  if (v_q_) {
    f_d_ = f_q_;
    reduce();
    counts_[kMac] += uint64_t(p_.x) * Y * uint64_t(p_.z);
  }
  v_q_ = in.flag(in_valid_);
  if (v_q_) {
    f_q_ = in.flag(in_first_);
    // What the ports hold: the low bits of each lane, as the RTL sees them.
    a_port_.convert(in.port[a_vec_].data(), a_q_.data(), int(a_q_.size()));
    b_port_.convert(in.port[b_vec_].data(), b_q_.data(), int(b_q_.size()));
    counts_[kInRegBits] += a_q_.size() * uint64_t(cfg_.a.bits) + b_q_.size() * uint64_t(cfg_.b.bits);
  }
  out_.set(idle_, !(v_q_ || v_d_));
  return out_;
}

}  // namespace tpe::cube
