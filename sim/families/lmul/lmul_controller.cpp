#include "sim/families/lmul/lmul_controller.hpp"

#include <algorithm>

#include "sim/core/array_io.hpp"

namespace tpe::lmul {

LmulController::LmulController(const EngineConfig& cfg, const OperandMatrix& a, const OperandMatrix& b)
    : GemmController(cfg, a, b), p_(Params::of(cfg)), ports_(layout_), results_(p_.rows, p_.cols, M_, N_, 32, "lmul array") {
  a_vec_ = layout_.input("a_vec");
  b_vec_ = layout_.input("b_vec");
}

const ArrayInputs& LmulController::next(const ArrayOutputs& out) {
  ports_.idle(in_);
  if (done_) return in_;
  results_.collect(out, ports_, c_, *buf_c_);
  if (issued_all_) {
    done_ = !results_.pending();
    return in_;
  }
  // Column k of the A tile and row k of the B tile, zero-padded.
  const int rows = std::min(p_.rows, M_ - m0_), cols = std::min(p_.cols, N_ - n0_);
  std::vector<int64_t>& a = in_.port[size_t(a_vec_)];
  for (int i = 0; i < p_.rows; ++i) a[size_t(i)] = i < rows ? a_(m0_ + i, k_) : 0;
  copy_padded(b_.row(k_) + n0_, cols, in_.port[size_t(b_vec_)]);
  buf_a_->read_bits += uint64_t(rows) * uint64_t(cfg_.a.bits);
  buf_b_->read_bits += uint64_t(cols) * uint64_t(cfg_.b.bits);
  ports_.feed(in_, k_ == 0, k_ == K_ - 1);
  if (++k_ == K_) {
    results_.expect(m0_, n0_);
    k_ = 0;
    n0_ += p_.cols;
    if (n0_ >= N_) {
      n0_ = 0;
      m0_ += p_.rows;
      issued_all_ = m0_ >= M_;
    }
  }
  return in_;
}

}  // namespace tpe::lmul
