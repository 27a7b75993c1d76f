#include "sim/families/bitslice/bitslice_controller.hpp"

#include <algorithm>
#include <stdexcept>

namespace tpe::bitslice {

BitsliceController::BitsliceController(const EngineConfig& cfg, const OperandMatrix& a, const OperandMatrix& b)
    : GemmController(cfg, a, b), p_(Params::of(cfg)), tiles_(p_.rows, p_.cols, M_, N_),
      readout_(layout_.output("idle"), layout_.input("rd_en"), layout_.input("rd_row"), /*wait_for_rows=*/true) {
  groups_ = (K_ + p_.lanes - 1) / p_.lanes;
  in_valid_ = layout_.input("in_valid");
  in_first_ = layout_.input("in_first");
  a_vec_ = layout_.input("a_vec");
  b_vec_ = layout_.input("b_vec");
  rd_en_ = layout_.input("rd_en");
  out_valid_ = layout_.output("out_valid");
  c_vec_ = layout_.output("c_vec");
  ready_ = layout_.output("ready");
}

void BitsliceController::feed() {
  const int R = p_.rows, C = p_.cols, G = p_.lanes, k0 = group_ * G;
  std::vector<int64_t>& av = in_.port[size_t(a_vec_)];
  std::vector<int64_t>& bv = in_.port[size_t(b_vec_)];
  for (int i = 0; i < R; ++i)
    for (int l = 0; l < G; ++l) {
      const int m = tiles_.m0() + i, k = k0 + l;
      av[size_t(i * G + l)] = m < M_ && k < K_ ? a_(m, k) : 0;
    }
  for (int j = 0; j < C; ++j)
    for (int l = 0; l < G; ++l) {
      const int n = tiles_.n0() + j, k = k0 + l;
      bv[size_t(j * G + l)] = n < N_ && k < K_ ? b_(k, n) : 0;
    }
  in_.set(in_valid_, 1);
  in_.set(in_first_, group_ == 0);
  const int kt = std::min(G, K_ - k0);
  buf_a_->read_bits += uint64_t(std::min(R, M_ - tiles_.m0())) * uint64_t(kt) * uint64_t(cfg_.a.bits);
  buf_b_->read_bits += uint64_t(std::min(C, N_ - tiles_.n0())) * uint64_t(kt) * uint64_t(cfg_.b.bits);
  sent_prev_ = true;
  if (++group_ == groups_) {
    phase_ = Phase::Readout;
    readout_.start();
  }
}

const ArrayInputs& BitsliceController::next(const ArrayOutputs& out) {
  in_.set(in_valid_, 0);
  in_.set(in_first_, 0);
  in_.set(rd_en_, 0);
  if (done_) return in_;
  tiles_.collect(out, out_valid_, c_vec_, c_, *buf_c_, cfg_.acc_bits, "bitslice");
  const bool sent_prev = sent_prev_;
  sent_prev_ = false;
  if (phase_ == Phase::Feed) {
    // The tile's first group: the array is idle. A later one: `ready` as
    // seen now does not yet count a group sent the edge before.
    if (group_ == 0 || (!sent_prev && out.flag(ready_))) feed();
    return in_;
  }
  step(out);
  return in_;
}

void BitsliceController::step(const ArrayOutputs& out) {
  if (!readout_.step(out, in_, tiles_)) return;
  if (!tiles_.advance()) {
    done_ = true;
    return;
  }
  phase_ = Phase::Feed;
  group_ = 0;
  feed();
}

}  // namespace tpe::bitslice
