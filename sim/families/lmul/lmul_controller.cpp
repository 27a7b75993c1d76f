#include "sim/families/lmul/lmul_controller.hpp"

#include <algorithm>
#include <stdexcept>

#include "sim/core/array_io.hpp"

namespace tpe::lmul {

LmulController::LmulController(const EngineConfig& cfg, const OperandMatrix& a, const OperandMatrix& b)
    : GemmController(cfg, a, b), p_(Params::of(cfg)) {
  in_valid_ = layout_.input("in_valid");
  first_ = layout_.input("first");
  last_ = layout_.input("last");
  a_vec_ = layout_.input("a_vec");
  b_vec_ = layout_.input("b_vec");
  out_valid_ = layout_.output("out_valid");
  c_vec_ = layout_.output("c_vec");
}

const ArrayInputs& LmulController::next(const ArrayOutputs& out) {
  in_.set(in_valid_, 0);
  in_.set(first_, 0);
  in_.set(last_, 0);
  if (done_) return in_;
  if (out.flag(out_valid_)) {
    if (pending_.empty()) throw std::logic_error("lmul array showed a result tile nobody asked for");
    const Tile t = pending_.front();
    pending_.pop_front();
    const int rows = std::min(p_.rows, M_ - t.m0), cols = std::min(p_.cols, N_ - t.n0);
    const std::vector<int64_t>& c = out.port[size_t(c_vec_)];
    for (int i = 0; i < rows; ++i)
      for (int j = 0; j < cols; ++j) c_(t.m0 + i, t.n0 + j) = c[size_t(i * p_.cols + j)];
    buf_c_->write_bits += uint64_t(rows) * uint64_t(cols) * 32;
  }
  if (issued_all_) {
    done_ = pending_.empty();
    return in_;
  }
  // Column k of the A tile and row k of the B tile, zero-padded.
  const int rows = std::min(p_.rows, M_ - m0_), cols = std::min(p_.cols, N_ - n0_);
  std::vector<int64_t>& a = in_.port[size_t(a_vec_)];
  for (int i = 0; i < p_.rows; ++i) a[size_t(i)] = i < rows ? a_(m0_ + i, k_) : 0;
  copy_padded(b_.row(k_) + n0_, cols, in_.port[size_t(b_vec_)]);
  buf_a_->read_bits += uint64_t(rows) * uint64_t(cfg_.a.bits);
  buf_b_->read_bits += uint64_t(cols) * uint64_t(cfg_.b.bits);
  in_.set(in_valid_, 1);
  in_.set(first_, k_ == 0);
  in_.set(last_, k_ == K_ - 1);
  if (++k_ == K_) {
    pending_.push_back({m0_, n0_});
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
