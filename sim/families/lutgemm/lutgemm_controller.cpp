#include "sim/families/lutgemm/lutgemm_controller.hpp"

#include <algorithm>

#include "models/families/shiftadd/shiftadd_arith.hpp"

namespace tpe::lutgemm {

LutGemmController::LutGemmController(const EngineConfig& cfg, const OperandMatrix& a, const OperandMatrix& b)
    : GemmController(cfg, a, b),
      p_(Params::of(cfg)),
      alpha_(alpha_of(p_.arith, b)),
      bias_(bias_of(p_.arith, b)),
      KB_((K_ + kGroup - 1) / kGroup),
      ports_(layout_),
      tiles_(p_.rows, p_.cols, M_, N_),
      results_(p_.rows, p_.cols, M_, N_, kFp16Bits, "lutgemm array") {
  fold_ = layout_.input("fold");
  act_ = layout_.input("act");
  code_ = layout_.input("code");
  alpha_port_ = layout_.input("alpha");
  bias_port_ = layout_.input("q_bias");
}

const ArrayInputs& LutGemmController::next(const ArrayOutputs& out) {
  ports_.idle(in_);
  in_.set(fold_, 0);
  if (done_) return in_;
  results_.collect(out, ports_, c_, *buf_c_);
  if (issued_all_) {
    done_ = !results_.pending();
    return in_;
  }
  const int q = p_.arith.planes;
  const int m0 = tiles_.m0(), n0 = tiles_.n0(), rows = tiles_.rows_here(), cols = tiles_.cols_here();
  const int k0 = kb_ * kGroup, count = std::min(kGroup, K_ - k0), g = kb_ / p_.arith.blocks_per_group();
  fill_block_rows(a_, m0, rows, k0, count, kGroup, in_.port[size_t(act_)]);
  std::vector<int64_t>& code = in_.port[size_t(code_)];
  std::vector<int64_t>& alpha = in_.port[size_t(alpha_port_)];
  std::vector<int64_t>& bias = in_.port[size_t(bias_port_)];
  std::fill(code.begin(), code.end(), 0);
  std::fill(alpha.begin(), alpha.end(), 0);
  std::fill(bias.begin(), bias.end(), 0);
  for (int c = 0; c < cols; ++c) {
    for (int pl = 0; pl < q; ++pl) {
      code[size_t(c * q + pl)] = shiftadd::plane_byte(b_, pl, kb_, n0 + c);
      alpha[size_t(c * q + pl)] = alpha_(g * q + pl, n0 + c);
    }
    bias[size_t(c)] = bias_(g, n0 + c);
  }
  const bool fold = (kb_ + 1) % p_.arith.blocks_per_group() == 0 || kb_ == KB_ - 1;
  buf_a_->read_bits += uint64_t(rows) * uint64_t(count) * kFp16Bits;
  buf_b_->read_bits += uint64_t(cols) * uint64_t(count) * uint64_t(q);
  if (fold) buf_b_->read_bits += uint64_t(cols) * uint64_t(q + 1) * kFp16Bits;  // the group's scales, once
  ports_.feed(in_, kb_ == 0, kb_ == KB_ - 1);
  in_.set(fold_, fold);
  if (++kb_ == KB_) {
    results_.expect(m0, n0);
    kb_ = 0;
    issued_all_ = !tiles_.advance();
  }
  return in_;
}

}  // namespace tpe::lutgemm
