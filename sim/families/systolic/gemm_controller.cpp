#include "sim/families/systolic/gemm_controller.hpp"

#include <algorithm>
#include <stdexcept>

#include <fmt/format.h>

#include "models/gemm/int_gemm.hpp"

namespace tpe {
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

GemmController::GemmController(const EngineConfig& cfg, const OperandMatrix& a, const OperandMatrix& b)
    : cfg_(cfg), a_(a), b_(b), M_(a.rows), K_(a.cols), N_(b.cols), c_(a.rows, b.cols, 0) {
  if (a.cols != b.rows)
    throw std::invalid_argument(fmt::format("GEMM inner dimensions differ: A is {}x{}, B is {}x{}", a.rows, a.cols,
                                            b.rows, b.cols));
  in_.a.assign(cfg.rows, 0);
  if (cfg.dataflow == Dataflow::OutputStationary) {
    // Pack A and B tile by tile, step k after step k, zero-padded to the
    // array: each feed then reads the next R (C) values in memory. Read
    // straight from the matrices, a feed strides a whole row per cycle and
    // the controller spends its time in cache and TLB misses.
    const int R = cfg.rows, C = cfg.cols, tiles_m = (M_ + R - 1) / R, tiles_n = (N_ + C - 1) / C;
    a_tiles_.assign(size_t(tiles_m) * K_ * R, 0);
    for (int m = 0; m < M_; ++m)
      for (int k = 0; k < K_; ++k) a_tiles_[(size_t(m / R) * K_ + k) * R + size_t(m % R)] = a_(m, k);
    b_tiles_.assign(size_t(tiles_n) * K_ * C, 0);
    for (int k = 0; k < K_; ++k)
      for (int n = 0; n < N_; ++n) b_tiles_[(size_t(n / C) * K_ + k) * C + size_t(n % C)] = b_(k, n);
    in_.b.assign(cfg.cols, 0);
    phase_ = Phase::Feed;
  } else {
    // Pack A fold by fold (K rows k0..k0+R-1), row m after row m, zero-padded:
    // each streamed row is the next R values in memory. The partial sums fed
    // back come from fold_sums_, the previous fold's rows in arrival order.
    const int R = cfg.rows, folds_k = (K_ + R - 1) / R;
    a_tiles_.assign(size_t(folds_k) * M_ * R, 0);
    for (int m = 0; m < M_; ++m)
      for (int k = 0; k < K_; ++k) a_tiles_[(size_t(k / R) * M_ + m) * R + size_t(k % R)] = a_(m, k);
    fold_sums_.assign(size_t(M_) * cfg.cols, 0);
    in_.psum.assign(cfg.cols, 0);
    in_.w.assign(cfg.cols, 0);
    phase_ = Phase::WaitIdle;
  }
  buf_a_ = &buffers_["a"];
  buf_b_ = &buffers_["b"];
  buf_c_ = &buffers_["c"];
}

void GemmController::collect(const ArrayOutputs& out) {
  if (!out.out_valid) return;
  if (pending_rows_.empty()) throw std::logic_error("array produced an output row nobody asked for");
  const int m = pending_rows_.front();
  pending_rows_.pop_front();
  const int valid_cols = std::min(cfg_.cols, N_ - n0_);
  for (int j = 0; j < valid_cols; ++j) c_(m, n0_ + j) = out.c[j];
  if (!fold_sums_.empty()) std::copy_n(out.c.begin(), cfg_.cols, &fold_sums_[size_t(m) * cfg_.cols]);
  buf_c_->write_bits += uint64_t(valid_cols) * cfg_.acc_bits;
}

bool GemmController::advance_tile() {
  if (cfg_.dataflow == Dataflow::OutputStationary) {
    n0_ += cfg_.cols;
    if (n0_ >= N_) {
      n0_ = 0;
      m0_ += cfg_.rows;
    }
    return m0_ < M_;
  }
  k0_ += cfg_.rows;
  if (k0_ >= K_) {
    k0_ = 0;
    n0_ += cfg_.cols;
  }
  return n0_ < N_;
}

const ArrayInputs& GemmController::next(const ArrayOutputs& out) {
  in_.in_valid = in_.in_first = in_.w_load = in_.rd_en = false;
  if (done_) return in_;
  collect(out);
  if (cfg_.dataflow == Dataflow::OutputStationary)
    step_os(out);
  else
    step_ws(out);
  return in_;
}

void GemmController::step_os(const ArrayOutputs& out) {
  const int R = cfg_.rows, C = cfg_.cols;
  switch (phase_) {
    case Phase::Feed: {
      const int k = step_;
      in_.in_valid = true;
      in_.in_first = k == 0;
      // The tile's operands for step k are contiguous in the packed copies.
      std::copy_n(&a_tiles_[(size_t(m0_ / R) * K_ + size_t(k)) * R], R, in_.a.begin());
      std::copy_n(&b_tiles_[(size_t(n0_ / C) * K_ + size_t(k)) * C], C, in_.b.begin());
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
      if (step_++ == 0 || !out.idle) break;
      phase_ = Phase::Read;
      step_ = 0;
      [[fallthrough]];
    case Phase::Read: {
      in_.rd_en = true;
      in_.rd_row = step_;
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

void GemmController::step_ws(const ArrayOutputs& out) {
  const int R = cfg_.rows, C = cfg_.cols;
  switch (phase_) {
    case Phase::WaitIdle:
      if (!out.idle || !pending_rows_.empty()) break;
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
      in_.w_load = true;
      copy_padded(k < K_ ? b_.row(k) + n0_ : nullptr, std::min(C, N_ - n0_), in_.w);
      if (k < K_) buf_b_->read_bits += uint64_t(std::min(C, N_ - n0_)) * cfg_.b.bits;
      if (++step_ == R) {
        phase_ = Phase::Stream;
        step_ = 0;
      }
      break;
    }
    case Phase::Stream: {
      const int m = step_;
      in_.in_valid = true;
      std::copy_n(&a_tiles_[(size_t(k0_ / R) * M_ + size_t(m)) * R], R, in_.a.begin());
      copy_padded(k0_ > 0 ? &fold_sums_[size_t(m) * C] : nullptr, std::min(C, N_ - n0_), in_.psum);
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

}  // namespace tpe
