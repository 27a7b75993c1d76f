#include "sim/families/shiftadd/shiftadd_controller.hpp"

#include <algorithm>

namespace tpe::shiftadd {

ShiftAddController::ShiftAddController(const EngineConfig& cfg, const OperandMatrix& a, const OperandMatrix& b)
    : GemmController(cfg, a, b),
      p_(Params::of(cfg)),
      alpha_(alpha_of(p_.arith, b)),
      KB_((K_ + kGroup - 1) / kGroup),
      ports_(layout_),
      tiles_(p_.rows, p_.cols, M_, N_),
      results_(p_.rows, p_.cols, M_, N_, p_.arith.acc_bits, "shiftadd array") {
  act_ = layout_.input("act");
  code_ = layout_.input("code");
  alpha_port_ = layout_.input("alpha");
}

const ArrayInputs& ShiftAddController::next(const ArrayOutputs& out) {
  ports_.idle(in_);
  if (done_) return in_;
  const Arith& ar = p_.arith;
  results_.collect(out, ports_, c_, *buf_c_);
  if (issued_all_) {
    done_ = !results_.pending();
    return in_;
  }
  const int m0 = tiles_.m0(), n0 = tiles_.n0(), rows = tiles_.rows_here(), cols = tiles_.cols_here();
  const int k0 = kb_ * kGroup, count = std::min(kGroup, K_ - k0);
  fill_block_rows(a_, m0, rows, k0, count, kGroup, in_.port[size_t(act_)]);
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
  ports_.feed(in_, kb_ == 0, kb_ == KB_ - 1);
  if (++kb_ == KB_) {
    results_.expect(m0, n0);
    kb_ = 0;
    issued_all_ = !tiles_.advance();
  }
  return in_;
}

}  // namespace tpe::shiftadd
