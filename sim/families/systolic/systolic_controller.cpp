#include "sim/families/systolic/systolic_controller.hpp"

#include <algorithm>
#include <stdexcept>

#include <fmt/format.h>

#include "models/gemm/int_gemm.hpp"
#include "sim/core/array_io.hpp"

namespace tpe::systolic {
SystolicController::SystolicController(const EngineConfig& cfg, const OperandMatrix& a, const OperandMatrix& b)
    : GemmController(cfg, a, b), p_(Params::of(cfg)) {
  const int R = p_.rows, C = p_.cols;
  in_valid_ = layout_.input("in_valid");
  out_valid_ = layout_.output("out_valid");
  c_vec_ = layout_.output("c_vec");
  idle_ = layout_.output("idle");
  if (p_.os()) {
    in_first_ = layout_.input("in_first");
    if (p_.overlap()) in_flag_ = layout_.input("in_last");
    a_vec_ = layout_.input("a_vec");
    b_vec_ = layout_.input("b_vec");
    rd_en_ = layout_.input("rd_en");
    rd_row_ = layout_.input("rd_row");
    // Pack A and B tile by tile, step k after step k, zero-padded to the
    // array: each feed then reads the next R (C) values in memory. Read
    // straight from the matrices, a feed strides a whole row per cycle and
    // the controller spends its time in cache and TLB misses.
    const int tiles_m = (M_ + R - 1) / R, tiles_n = (N_ + C - 1) / C;
    a_tiles_.assign(size_t(tiles_m) * K_ * R, 0);
    // Written in order, tile row by tile row (m outermost wrote R * 4-byte
    // strides over K: a cache miss per value on a Llama layer's K).
    for (int tm = 0; tm < tiles_m; ++tm)
      for (int k = 0; k < K_; ++k)
        for (int r = 0; r < R && tm * R + r < M_; ++r) a_tiles_[(size_t(tm) * K_ + k) * R + size_t(r)] = a_(tm * R + r, k);
    b_tiles_.assign(size_t(tiles_n) * K_ * C, 0);
    for (int k = 0; k < K_; ++k)
      for (int n = 0; n < N_; ++n) b_tiles_[(size_t(n / C) * K_ + k) * C + size_t(n % C)] = b_(k, n);
    phase_ = Phase::Feed;
  } else {
    // WS and IS: the held operand is a K x T matrix loaded row by row (WS: B,
    // T = N; IS: A^T, T = M), the streamed one S vectors of K (WS: the M rows
    // of A; IS: the N columns of B). Pack the streamed vectors fold by fold (K
    // rows k0..k0+R-1), vector after vector, zero-padded: each streamed
    // vector is the next R values in memory. The partial sums fed back come
    // from fold_sums_, the previous fold's outputs in arrival order.
    const StationaryRoles r = StationaryRoles::of(cfg);
    p_vec_ = layout_.input("p_vec");
    if (p_.overlap()) in_flag_ = layout_.input("in_swap");
    stream_vec_ = layout_.input(r.stream_port);
    load_ = layout_.input(r.load_strobe);
    load_vec_ = layout_.input(r.load_port);
    streamed_ = p_.is() ? N_ : M_;
    held_cols_ = p_.is() ? M_ : N_;
    const int folds_k = (K_ + R - 1) / R;
    stream_tiles_.assign(size_t(folds_k) * streamed_ * R, 0);
    for (int s = 0; s < streamed_; ++s)
      for (int k = 0; k < K_; ++k)
        stream_tiles_[(size_t(k / R) * streamed_ + s) * R + size_t(k % R)] = p_.is() ? b_(k, s) : a_(s, k);
    if (p_.is()) {  // A^T, so that a loaded row is contiguous as B's rows are for WS
      held_t_.assign(size_t(K_) * M_, 0);
      for (int m = 0; m < M_; ++m)
        for (int k = 0; k < K_; ++k) held_t_[size_t(k) * M_ + m] = a_(m, k);
    }
    buf_stream_ = p_.is() ? buf_b_ : buf_a_;
    buf_held_ = p_.is() ? buf_a_ : buf_b_;
    stream_bits_ = r.stream.bits;
    held_bits_ = r.held.bits;
    fold_sums_.assign(size_t(streamed_) * C, 0);
    phase_ = Phase::WaitIdle;
  }
}

void SystolicController::collect(const ArrayOutputs& out) {
  if (!out.flag(out_valid_)) return;
  if (pending_rows_.empty()) throw std::logic_error("array produced an output row nobody asked for");
  const int m = pending_rows_.front();
  pending_rows_.pop_front();
  const std::vector<int64_t>& c = out.port[c_vec_];
  int t0 = t0_;
  if (p_.overlap()) {  // folds overlap: each output carries its own origin
    t0 = pending_n0_.front();
    pending_n0_.pop_front();
  }
  if (p_.is()) {  // output vector m is column m of C: rows m0..m0+C-1 (held columns t0..)
    const int valid_cols = std::min(p_.cols, M_ - t0);
    for (int j = 0; j < valid_cols; ++j) c_(t0 + j, m) = c[j];
    std::copy_n(c.begin(), p_.cols, &fold_sums_[size_t(m) * p_.cols]);
    buf_c_->write_bits += uint64_t(valid_cols) * cfg_.acc_bits;
    return;
  }
  const int n0 = p_.overlap() ? t0 : p_.os() ? n0_ : t0_;
  const int valid_cols = std::min(p_.cols, N_ - n0);
  for (int j = 0; j < valid_cols; ++j) c_(m, n0 + j) = c[j];
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
    t0_ += p_.cols;
  }
  return t0_ < held_cols_;
}

const ArrayInputs& SystolicController::next(const ArrayOutputs& out) {
  in_.set(in_valid_, 0);
  if (p_.os()) {
    in_.set(in_first_, 0);
    in_.set(rd_en_, 0);
    if (in_flag_ >= 0) in_.set(in_flag_, 0);
  } else {
    in_.set(load_, 0);
    if (in_flag_ >= 0) in_.set(in_flag_, 0);
  }
  if (done_) return in_;
  collect(out);
  if (p_.overlap() && p_.os())
    step_os_overlap();
  else if (p_.overlap())
    step_stationary_overlap();
  else if (p_.os())
    step_os(out);
  else
    step_stationary(out);
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

void SystolicController::step_os_overlap() {
  const int R = p_.rows, C = p_.cols;
  const uint64_t now = decision_++;
  const uint64_t period = overlap_tile_period(R, C, uint64_t(K_));
  // Feed slot: K feeds then period-K idle decisions per tile.
  if (!fed_all_) {
    if (step_ < K_) {
      const int k = step_;
      in_.set(in_valid_, 1);
      in_.set(in_first_, k == 0);
      in_.set(in_flag_, k == K_ - 1);
      std::copy_n(&a_tiles_[(size_t(m0_ / R) * K_ + size_t(k)) * R], R, in_.port[a_vec_].begin());
      std::copy_n(&b_tiles_[(size_t(n0_ / C) * K_ + size_t(k)) * C], C, in_.port[b_vec_].begin());
      buf_a_->read_bits += uint64_t(std::min(R, M_ - m0_)) * cfg_.a.bits;
      buf_b_->read_bits += uint64_t(std::min(C, N_ - n0_)) * cfg_.b.bits;
      if (k == K_ - 1)  // the shadows of row i are all written C edges after this operand enters it
        for (int i = 0; i < std::min(R, M_ - m0_); ++i) reads_.push_back({now + uint64_t(C) + 1 + uint64_t(i), i, m0_, n0_});
    }
    if (uint64_t(++step_) == period) {
      step_ = 0;
      fed_all_ = !advance_tile();
    }
  }
  if (!reads_.empty() && reads_.front().at == now) {
    const Read r = reads_.front();
    reads_.pop_front();
    in_.set(rd_en_, 1);
    in_.set(rd_row_, r.row);
    pending_rows_.push_back(r.m0 + r.row);
    pending_n0_.push_back(r.n0);
  }
  if (fed_all_ && reads_.empty() && pending_rows_.empty()) done_ = true;
}

void SystolicController::step_stationary_overlap() {
  const int R = p_.rows, C = p_.cols;
  const uint64_t now = decision_++, P = overlap_fold_period(R, C, uint64_t(streamed_));
  const int folds_k = (K_ + R - 1) / R;
  const uint64_t folds = uint64_t((held_cols_ + C - 1) / C) * uint64_t(folds_k);
  // Folds in the order of the serial schedule: held columns t0 outer, k0 inner.
  auto t0_of = [&](uint64_t f) { return int(f / uint64_t(folds_k)) * C; };
  auto k0_of = [&](uint64_t f) { return int(f % uint64_t(folds_k)) * R; };
  if (const uint64_t f = now / P, off = now % P; f < folds && off < uint64_t(R)) {
    // Held rows shift down, so the row for array row R-1 goes in first.
    const int t0 = t0_of(f), k = k0_of(f) + R - 1 - int(off), valid_cols = std::min(C, held_cols_ - t0);
    in_.set(load_, 1);
    // The swap token enters with the last load, one edge ahead of the fold's first vector.
    in_.set(in_flag_, off == uint64_t(R) - 1);
    const int32_t* held_row = nullptr;
    if (k < K_) held_row = p_.is() ? &held_t_[size_t(k) * M_ + t0] : b_.row(k) + t0;
    copy_padded(held_row, valid_cols, in_.port[load_vec_]);
    if (k < K_) buf_held_->read_bits += uint64_t(valid_cols) * held_bits_;
  }
  if (now >= uint64_t(R)) {
    const uint64_t f = (now - R) / P, s = (now - R) % P;
    if (f < folds && s < uint64_t(streamed_)) {
      const int t0 = t0_of(f), k0 = k0_of(f), valid_cols = std::min(C, held_cols_ - t0);
      in_.set(in_valid_, 1);
      std::copy_n(&stream_tiles_[(size_t(k0 / R) * streamed_ + size_t(s)) * R], R, in_.port[stream_vec_].begin());
      copy_padded(k0 > 0 ? &fold_sums_[size_t(s) * C] : nullptr, valid_cols, in_.port[p_vec_]);
      buf_stream_->read_bits += uint64_t(std::min(R, K_ - k0)) * stream_bits_;
      if (k0 > 0) buf_c_->read_bits += uint64_t(valid_cols) * cfg_.acc_bits;
      pending_rows_.push_back(int(s));
      pending_n0_.push_back(t0);
    }
    if (f >= folds && pending_rows_.empty()) done_ = true;
  }
}

void SystolicController::step_stationary(const ArrayOutputs& out) {
  const int R = p_.rows, C = p_.cols;
  const int valid_cols = std::min(C, held_cols_ - t0_);
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
      // Held rows shift down, so the row for array row R-1 goes in first.
      const int k = k0_ + R - 1 - step_;
      in_.set(load_, 1);
      const int32_t* held_row = nullptr;
      if (k < K_) held_row = p_.is() ? &held_t_[size_t(k) * M_ + t0_] : b_.row(k) + t0_;
      copy_padded(held_row, valid_cols, in_.port[load_vec_]);
      if (k < K_) buf_held_->read_bits += uint64_t(valid_cols) * held_bits_;
      if (++step_ == R) {
        phase_ = Phase::Stream;
        step_ = 0;
      }
      break;
    }
    case Phase::Stream: {
      const int s = step_;
      in_.set(in_valid_, 1);
      std::copy_n(&stream_tiles_[(size_t(k0_ / R) * streamed_ + size_t(s)) * R], R, in_.port[stream_vec_].begin());
      copy_padded(k0_ > 0 ? &fold_sums_[size_t(s) * C] : nullptr, valid_cols, in_.port[p_vec_]);
      buf_stream_->read_bits += uint64_t(std::min(R, K_ - k0_)) * stream_bits_;
      if (k0_ > 0) buf_c_->read_bits += uint64_t(valid_cols) * cfg_.acc_bits;
      pending_rows_.push_back(s);
      if (++step_ == streamed_) {
        step_ = 0;
        phase_ = Phase::Drain;
      }
      break;
    }
    case Phase::Drain:
      // Keep the fold origin until its last output has come out.
      if (!pending_rows_.empty()) break;
      issued_all_ = !advance_tile();
      phase_ = Phase::WaitIdle;
      step_stationary(out);
      break;
    default:
      throw std::logic_error("WS/IS controller in an OS phase");
  }
}

}  // namespace tpe::systolic
