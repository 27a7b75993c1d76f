#include "sim/families/addertree/addertree_controller.hpp"
#include "sim/core/array_io.hpp"

#include <algorithm>
#include <stdexcept>

namespace tpe::addertree {
AdderTreeController::AdderTreeController(const EngineConfig& cfg, const OperandMatrix& a, const OperandMatrix& b)
    : GemmController(cfg, a, b), p_(Params::of(cfg)) {
  in_valid_ = layout_.input("in_valid");
  a_vec_ = layout_.input("a_vec");
  p_vec_ = layout_.input("p_vec");
  w_load_ = layout_.input("w_load");
  w_vec_ = layout_.input("w_vec");
  out_valid_ = layout_.output("out_valid");
  c_vec_ = layout_.output("c_vec");
  idle_ = layout_.output("idle");
  // Each streamed row is then the next K values in memory.
  const int K = p_.k, folds_k = (K_ + K - 1) / K;
  a_folds_.assign(size_t(folds_k) * M_ * K, 0);
  for (int m = 0; m < M_; ++m)
    for (int k = 0; k < K_; ++k) a_folds_[(size_t(k / K) * M_ + m) * K + size_t(k % K)] = a_(m, k);
  fold_sums_.assign(size_t(M_) * p_.n, 0);
}

void AdderTreeController::collect(const ArrayOutputs& out) {
  if (!out.flag(out_valid_)) return;
  if (pending_rows_.empty()) throw std::logic_error("addertree array produced a result row nobody asked for");
  const int m = pending_rows_.front();
  pending_rows_.pop_front();
  const int valid_cols = std::min(p_.n, N_ - n0_);
  const std::vector<int64_t>& c = out.port[c_vec_];
  for (int j = 0; j < valid_cols; ++j) c_(m, n0_ + j) = c[j];
  std::copy_n(c.begin(), p_.n, &fold_sums_[size_t(m) * p_.n]);
  buf_c_->write_bits += uint64_t(valid_cols) * cfg_.acc_bits;
}

bool AdderTreeController::advance_fold() {
  k0_ += p_.k;
  if (k0_ >= K_) {
    k0_ = 0;
    n0_ += p_.n;
  }
  return n0_ < N_;
}

const ArrayInputs& AdderTreeController::next(const ArrayOutputs& out) {
  in_.set(in_valid_, 0);
  in_.set(w_load_, 0);
  if (done_) return in_;
  collect(out);
  step(out);
  return in_;
}

void AdderTreeController::step(const ArrayOutputs& out) {
  const int K = p_.k, N = p_.n;
  const int cols = std::min(N, N_ - n0_);
  switch (phase_) {
    case Phase::WaitIdle:
      if (!out.flag(idle_) || !pending_rows_.empty()) break;
      if (issued_all_) {
        done_ = true;
        break;
      }
      phase_ = Phase::Load;
      step_ = 0;
      [[fallthrough]];
    case Phase::Load: {
      // Weights shift towards lane 0: row k0 goes in first and ends in lane 0.
      const int k = k0_ + step_;
      in_.set(w_load_, 1);
      copy_padded(k < K_ ? b_.row(k) + n0_ : nullptr, cols, in_.port[w_vec_]);
      if (k < K_) buf_b_->read_bits += uint64_t(cols) * cfg_.b.bits;
      if (++step_ == K) {
        phase_ = Phase::Stream;
        step_ = 0;
      }
      break;
    }
    case Phase::Stream: {
      const int m = step_;
      in_.set(in_valid_, 1);
      std::copy_n(&a_folds_[(size_t(k0_ / K) * M_ + size_t(m)) * K], K, in_.port[a_vec_].begin());
      copy_padded(k0_ > 0 ? &fold_sums_[size_t(m) * N] : nullptr, cols, in_.port[p_vec_]);
      buf_a_->read_bits += uint64_t(std::min(K, K_ - k0_)) * cfg_.a.bits;
      if (k0_ > 0) buf_c_->read_bits += uint64_t(cols) * cfg_.acc_bits;
      pending_rows_.push_back(m);
      if (++step_ == M_) {
        step_ = 0;
        phase_ = Phase::Drain;
      }
      break;
    }
    case Phase::Drain:
      // Keep the fold origin until its last row has come out.
      if (!pending_rows_.empty()) break;
      issued_all_ = !advance_fold();
      phase_ = Phase::WaitIdle;
      step(out);
      break;
  }
}

}  // namespace tpe::addertree
