#include "sim/families/systolic/systolic_controller.hpp"

#include <algorithm>
#include <stdexcept>

#include <fmt/format.h>

#include "models/gemm/int_gemm.hpp"

namespace tpe::systolic {
namespace {

// lanes[0..n) = src[0..n), the rest of the lanes 0 (no source: all 0). One
// copy and one fill rather than a bounds test per lane.
template <class T>
void copy_padded(const T* src, int n, std::vector<int64_t>& lanes) {
  if (!src) n = 0;
  std::copy_n(src, n, lanes.begin());
  std::fill(lanes.begin() + n, lanes.end(), 0);
}

}  // namespace

SystolicController::SystolicController(const EngineConfig& cfg, const OperandMatrix& a, const OperandMatrix& b)
    : GemmController(cfg, a, b), p_(Params::of(cfg)) {
  const int R = p_.rows, C = p_.cols;
  in_valid_ = layout_.input("in_valid");
  a_vec_ = layout_.input("a_vec");
  out_valid_ = layout_.output("out_valid");
  c_vec_ = layout_.output("c_vec");
  idle_ = layout_.output("idle");
  if (p_.os()) {
    in_first_ = layout_.input("in_first");
    b_vec_ = layout_.input("b_vec");
    rd_en_ = layout_.input("rd_en");
    rd_row_ = layout_.input("rd_row");
    // Pack A and B tile by tile, step k after step k, zero-padded to the
    // array: each feed then reads the next R (C) values in memory. Read
    // straight from the matrices, a feed strides a whole row per cycle and
    // the controller spends its time in cache and TLB misses.
    const int tiles_m = (M_ + R - 1) / R, tiles_n = (N_ + C - 1) / C;
    a_tiles_.assign(size_t(tiles_m) * K_ * R, 0);
    for (int m = 0; m < M_; ++m)
      for (int k = 0; k < K_; ++k) a_tiles_[(size_t(m / R) * K_ + k) * R + size_t(m % R)] = a_(m, k);
    b_tiles_.assign(size_t(tiles_n) * K_ * C, 0);
    for (int k = 0; k < K_; ++k)
      for (int n = 0; n < N_; ++n) b_tiles_[(size_t(n / C) * K_ + k) * C + size_t(n % C)] = b_(k, n);
    phase_ = Phase::Feed;
  } else {
    // Pack A fold by fold (K rows k0..k0+R-1), row m after row m, zero-padded:
    // each streamed row is the next R values in memory. The partial sums fed
    // back come from fold_sums_, the previous fold's rows in arrival order.
    p_vec_ = layout_.input("p_vec");
    w_load_ = layout_.input("w_load");
    w_vec_ = layout_.input("w_vec");
    const int folds_k = (K_ + R - 1) / R;
    a_tiles_.assign(size_t(folds_k) * M_ * R, 0);
    for (int m = 0; m < M_; ++m)
      for (int k = 0; k < K_; ++k) a_tiles_[(size_t(k / R) * M_ + m) * R + size_t(k % R)] = a_(m, k);
    fold_sums_.assign(size_t(M_) * C, 0);
    phase_ = Phase::WaitIdle;
  }
}

void SystolicController::collect(const ArrayOutputs& out) {
  if (!out.flag(out_valid_)) return;
  if (pending_rows_.empty()) throw std::logic_error("array produced an output row nobody asked for");
  const int m = pending_rows_.front();
  pending_rows_.pop_front();
  const int valid_cols = std::min(p_.cols, N_ - n0_);
  const std::vector<int64_t>& c = out.port[c_vec_];
  for (int j = 0; j < valid_cols; ++j) c_(m, n0_ + j) = c[j];
  if (!fold_sums_.empty()) std::copy_n(c.begin(), p_.cols, &fold_sums_[size_t(m) * p_.cols]);
  buf_c_->write_bits += uint64_t(valid_cols) * cfg_.acc_bits;
}

bool SystolicController::advance_tile() {
  if (p_.os()) {
    n0_ += p_.cols;
    if (n0_ >= N_) {
      n0_ = 0;
      m0_ += p_.rows;
    }
    return m0_ < M_;
  }
  k0_ += p_.rows;
  if (k0_ >= K_) {
    k0_ = 0;
    n0_ += p_.cols;
  }
  return n0_ < N_;
}

const ArrayInputs& SystolicController::next(const ArrayOutputs& out) {
  in_.set(in_valid_, 0);
  if (p_.os()) {
    in_.set(in_first_, 0);
    in_.set(rd_en_, 0);
  } else {
    in_.set(w_load_, 0);
  }
  if (done_) return in_;
  collect(out);
  if (p_.os())
    step_os(out);
  else
    step_ws(out);
  return in_;
}

void SystolicController::step_os(const ArrayOutputs& out) {
  const int R = p_.rows, C = p_.cols;
  switch (phase_) {
    case Phase::Feed: {
      const int k = step_;
      in_.set(in_valid_, 1);
      in_.set(in_first_, k == 0);
      // The tile's operands for step k are contiguous in the packed copies.
      std::copy_n(&a_tiles_[(size_t(m0_ / R) * K_ + size_t(k)) * R], R, in_.port[a_vec_].begin());
      std::copy_n(&b_tiles_[(size_t(n0_ / C) * K_ + size_t(k)) * C], C, in_.port[b_vec_].begin());
      buf_a_->read_bits += uint64_t(std::min(R, M_ - m0_)) * cfg_.a.bits;
      buf_b_->read_bits += uint64_t(std::min(C, N_ - n0_)) * cfg_.b.bits;
      if (++step_ == K_) {
        phase_ = Phase::WaitIdle;
        step_ = 0;
      }
      break;
    }
    case Phase::WaitIdle:
      // The array answers one edge after the last feed; `idle` before then is
      // from the previous tile, so wait at least one cycle.
      if (step_++ == 0 || !out.flag(idle_)) break;
      phase_ = Phase::Read;
      step_ = 0;
      [[fallthrough]];
    case Phase::Read: {
      in_.set(rd_en_, 1);
      in_.set(rd_row_, step_);
      // Results land in c_ at the tile origin the outputs belong to, so the
      // column offset must stay put until the row arrives: remember it.
      pending_rows_.push_back(m0_ + step_);
      if (++step_ == std::min(R, M_ - m0_)) {
        step_ = 0;
        phase_ = Phase::Drain;
      }
      break;
    }
    case Phase::Drain:
      // Outputs of the last read arrive after it; keep n0_ until they have.
      if (!pending_rows_.empty()) break;
      if (!advance_tile()) {
        done_ = true;
        break;
      }
      phase_ = Phase::Feed;
      step_os(out);
      break;
    default:
      throw std::logic_error("OS controller in a WS phase");
  }
}

void SystolicController::step_ws(const ArrayOutputs& out) {
  const int R = p_.rows, C = p_.cols;
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
      // Rows shift down, so the row for array row R-1 goes in first.
      const int k = k0_ + R - 1 - step_;
      in_.set(w_load_, 1);
      copy_padded(k < K_ ? b_.row(k) + n0_ : nullptr, std::min(C, N_ - n0_), in_.port[w_vec_]);
      if (k < K_) buf_b_->read_bits += uint64_t(std::min(C, N_ - n0_)) * cfg_.b.bits;
      if (++step_ == R) {
        phase_ = Phase::Stream;
        step_ = 0;
      }
      break;
    }
    case Phase::Stream: {
      const int m = step_;
      in_.set(in_valid_, 1);
      std::copy_n(&a_tiles_[(size_t(k0_ / R) * M_ + size_t(m)) * R], R, in_.port[a_vec_].begin());
      copy_padded(k0_ > 0 ? &fold_sums_[size_t(m) * C] : nullptr, std::min(C, N_ - n0_), in_.port[p_vec_]);
      buf_a_->read_bits += uint64_t(std::min(R, K_ - k0_)) * cfg_.a.bits;
      if (k0_ > 0) buf_c_->read_bits += uint64_t(std::min(C, N_ - n0_)) * cfg_.acc_bits;
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
      issued_all_ = !advance_tile();
      phase_ = Phase::WaitIdle;
      step_ws(out);
      break;
    default:
      throw std::logic_error("WS controller in an OS phase");
  }
}

}  // namespace tpe::systolic
