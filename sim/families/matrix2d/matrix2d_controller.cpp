#include "sim/families/matrix2d/matrix2d_controller.hpp"

#include <algorithm>
#include <stdexcept>

namespace tpe::matrix2d {

Matrix2dController::Matrix2dController(const EngineConfig& cfg, const OperandMatrix& a, const OperandMatrix& b)
    : GemmController(cfg, a, b), p_(Params::of(cfg)) {
  in_valid_ = layout_.input("in_valid");
  in_first_ = layout_.input("in_first");
  a_vec_ = layout_.input("a_vec");
  b_vec_ = layout_.input("b_vec");
  rd_en_ = layout_.input("rd_en");
  rd_row_ = layout_.input("rd_row");
  out_valid_ = layout_.output("out_valid");
  c_vec_ = layout_.output("c_vec");
  idle_ = layout_.output("idle");
  const int R = p_.rows, C = p_.cols;
  const int tiles_m = (M_ + R - 1) / R, tiles_n = (N_ + C - 1) / C;
  a_tiles_.assign(size_t(tiles_m) * size_t(K_) * size_t(R), 0);
  for (int m = 0; m < M_; ++m)
    for (int k = 0; k < K_; ++k) a_tiles_[(size_t(m / R) * size_t(K_) + size_t(k)) * size_t(R) + size_t(m % R)] = a_(m, k);
  b_tiles_.assign(size_t(tiles_n) * size_t(K_) * size_t(C), 0);
  for (int k = 0; k < K_; ++k)
    for (int n = 0; n < N_; ++n) b_tiles_[(size_t(n / C) * size_t(K_) + size_t(k)) * size_t(C) + size_t(n % C)] = b_(k, n);
}

void Matrix2dController::collect(const ArrayOutputs& out) {
  if (!out.flag(out_valid_)) return;
  if (pending_rows_.empty()) throw std::logic_error("matrix2d array produced an output row nobody asked for");
  const int m = pending_rows_.front();
  pending_rows_.pop_front();
  const int valid_cols = std::min(p_.cols, N_ - n0_);
  const std::vector<int64_t>& c = out.port[size_t(c_vec_)];
  for (int j = 0; j < valid_cols; ++j) c_(m, n0_ + j) = c[size_t(j)];
  buf_c_->write_bits += uint64_t(valid_cols) * uint64_t(cfg_.acc_bits);
}

bool Matrix2dController::advance_tile() {
  n0_ += p_.cols;
  if (n0_ >= N_) {
    n0_ = 0;
    m0_ += p_.rows;
  }
  return m0_ < M_;
}

void Matrix2dController::feed() {
  const int R = p_.rows, C = p_.cols, k = step_;
  in_.set(in_valid_, 1);
  in_.set(in_first_, k == 0);
  std::copy_n(&a_tiles_[(size_t(m0_ / R) * size_t(K_) + size_t(k)) * size_t(R)], R, in_.port[size_t(a_vec_)].begin());
  std::copy_n(&b_tiles_[(size_t(n0_ / C) * size_t(K_) + size_t(k)) * size_t(C)], C, in_.port[size_t(b_vec_)].begin());
  buf_a_->read_bits += uint64_t(std::min(R, M_ - m0_)) * uint64_t(cfg_.a.bits);
  buf_b_->read_bits += uint64_t(std::min(C, N_ - n0_)) * uint64_t(cfg_.b.bits);
  if (++step_ == K_) {
    phase_ = Phase::AwaitIdle;
    step_ = 0;
  }
}

const ArrayInputs& Matrix2dController::next(const ArrayOutputs& out) {
  // Strobes drop unless this step sets them; data lanes keep their last
  // values (they are ignored while their strobe is low, and unchanged lanes
  // do not toggle the input wires).
  in_.set(in_valid_, 0);
  in_.set(in_first_, 0);
  in_.set(rd_en_, 0);
  if (done_) return in_;
  collect(out);
  step(out);
  return in_;
}

void Matrix2dController::step(const ArrayOutputs& out) {
  switch (phase_) {
    case Phase::Feed:
      feed();
      break;
    case Phase::AwaitIdle:
      // The outputs seen now are from the edge before the last feed was
      // sampled; with K = 1 that edge precedes the whole tile and its `idle`
      // is stale. From the next step on, `idle` answers for this tile.
      if (step_++ == 0 || !out.flag(idle_)) break;
      phase_ = Phase::Read;
      step_ = 0;
      [[fallthrough]];
    case Phase::Read:
      in_.set(rd_en_, 1);
      in_.set(rd_row_, step_);
      pending_rows_.push_back(m0_ + step_);  // rows land at this tile's origin: n0_ stays until they have
      if (++step_ == std::min(p_.rows, M_ - m0_)) {
        phase_ = Phase::AwaitRows;
        step_ = 0;
      }
      break;
    case Phase::AwaitRows:
      if (!pending_rows_.empty()) break;
      if (!advance_tile()) {
        done_ = true;
        break;
      }
      phase_ = Phase::Feed;
      feed();
      break;
  }
}

}  // namespace tpe::matrix2d
