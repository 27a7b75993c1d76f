#include "sim/families/shiftadd/shiftadd_controller.hpp"

#include <algorithm>
#include <stdexcept>

namespace tpe::shiftadd {

ShiftAddController::ShiftAddController(const EngineConfig& cfg, const OperandMatrix& a, const OperandMatrix& b)
    : GemmController(cfg, a, b),
      p_(Params::of(cfg)),
      alpha_(alpha_of(p_.arith, b)),
      KB_((K_ + kGroup - 1) / kGroup),
      tiles_(p_.rows, p_.cols, M_, N_) {
  in_valid_ = layout_.input("in_valid");
  first_ = layout_.input("first");
  last_ = layout_.input("last");
  act_ = layout_.input("act");
  code_ = layout_.input("code");
  alpha_port_ = layout_.input("alpha");
  out_valid_ = layout_.output("out_valid");
  c_vec_ = layout_.output("c_vec");
}

const ArrayInputs& ShiftAddController::next(const ArrayOutputs& out) {
  in_.set(in_valid_, 0);
  in_.set(first_, 0);
  in_.set(last_, 0);
  if (done_) return in_;
  const Arith& ar = p_.arith;
  if (out.flag(out_valid_)) {
    if (pending_.empty()) throw std::logic_error("shiftadd array showed a result tile nobody asked for");
    const Tile t = pending_.front();
    pending_.pop_front();
    const int rows = std::min(p_.rows, M_ - t.m0), cols = std::min(p_.cols, N_ - t.n0);
    const std::vector<int64_t>& c = out.port[size_t(c_vec_)];
    for (int i = 0; i < rows; ++i)
      for (int j = 0; j < cols; ++j) c_(t.m0 + i, t.n0 + j) = c[size_t(i * p_.cols + j)];
    buf_c_->write_bits += uint64_t(rows) * uint64_t(cols) * uint64_t(ar.acc_bits);
  }
  if (issued_all_) {
    done_ = pending_.empty();
    return in_;
  }
  const int m0 = tiles_.m0(), n0 = tiles_.n0(), rows = tiles_.rows_here(), cols = tiles_.cols_here();
  const int k0 = kb_ * kGroup, count = std::min(kGroup, K_ - k0);
  std::vector<int64_t>& act = in_.port[size_t(act_)];
  std::fill(act.begin(), act.end(), 0);
  for (int r = 0; r < rows; ++r)
    for (int j = 0; j < count; ++j) act[size_t(r * kGroup + j)] = a_(m0 + r, k0 + j);
  std::vector<int64_t>& code = in_.port[size_t(code_)];
  std::vector<int64_t>& alpha = in_.port[size_t(alpha_port_)];
  std::fill(code.begin(), code.end(), 0);
  std::fill(alpha.begin(), alpha.end(), 0);
  for (int c = 0; c < cols; ++c)
    for (int pl = 0; pl < ar.planes; ++pl) {
      code[size_t(c * ar.planes + pl)] = plane_byte(b_, pl, kb_, n0 + c);
      for (int t = 0; t < ar.terms; ++t)
        alpha[size_t((c * ar.planes + pl) * ar.terms + t)] =
            alpha_(kb_ * ar.planes + pl, ((n0 + c) / kBlockRows) * ar.terms + t);
    }
  buf_a_->read_bits += uint64_t(rows) * uint64_t(count) * uint64_t(cfg_.a.bits);
  buf_b_->read_bits += uint64_t(cols) * uint64_t(count) * uint64_t(ar.planes) +
                       uint64_t(cols) * uint64_t(ar.planes * ar.terms * ar.term_bits());
  in_.set(in_valid_, 1);
  in_.set(first_, kb_ == 0);
  in_.set(last_, kb_ == KB_ - 1);
  if (++kb_ == KB_) {
    pending_.push_back({m0, n0});
    kb_ = 0;
    issued_all_ = !tiles_.advance();
  }
  return in_;
}

}  // namespace tpe::shiftadd
