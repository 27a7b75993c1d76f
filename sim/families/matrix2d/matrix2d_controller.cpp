#include "sim/families/matrix2d/matrix2d_controller.hpp"

#include <algorithm>
#include <stdexcept>

namespace tpe::matrix2d {

Matrix2dController::Matrix2dController(const EngineConfig& cfg, const OperandMatrix& a, const OperandMatrix& b)
    : GemmController(cfg, a, b), p_(Params::of(cfg)), tiles_(p_.rows, p_.cols, M_, N_),
      readout_(layout_.output("idle"), layout_.input("rd_en"), layout_.input("rd_row"), /*wait_for_rows=*/true) {
  in_valid_ = layout_.input("in_valid");
  in_first_ = layout_.input("in_first");
  a_vec_ = layout_.input("a_vec");
  b_vec_ = layout_.input("b_vec");
  rd_en_ = layout_.input("rd_en");
  rd_row_ = layout_.input("rd_row");
  if (p_.overlap) in_last_ = layout_.input("in_last");
  out_valid_ = layout_.output("out_valid");
  c_vec_ = layout_.output("c_vec");
  const int R = p_.rows, C = p_.cols;
  const int tiles_m = (M_ + R - 1) / R, tiles_n = (N_ + C - 1) / C;
  a_tiles_.assign(size_t(tiles_m) * size_t(K_) * size_t(R), 0);
  for (int m = 0; m < M_; ++m)
    for (int k = 0; k < K_; ++k) a_tiles_[(size_t(m / R) * size_t(K_) + size_t(k)) * size_t(R) + size_t(m % R)] = a_(m, k);
  b_tiles_.assign(size_t(tiles_n) * size_t(K_) * size_t(C), 0);
  for (int k = 0; k < K_; ++k)
    for (int n = 0; n < N_; ++n) b_tiles_[(size_t(n / C) * size_t(K_) + size_t(k)) * size_t(C) + size_t(n % C)] = b_(k, n);
}

void Matrix2dController::feed() {
  const int R = p_.rows, C = p_.cols, k = step_;
  in_.set(in_valid_, 1);
  in_.set(in_first_, k == 0);
  if (p_.overlap) in_.set(in_last_, k == K_ - 1);
  std::copy_n(&a_tiles_[(size_t(tiles_.m0() / R) * size_t(K_) + size_t(k)) * size_t(R)], R, in_.port[size_t(a_vec_)].begin());
  std::copy_n(&b_tiles_[(size_t(tiles_.n0() / C) * size_t(K_) + size_t(k)) * size_t(C)], C, in_.port[size_t(b_vec_)].begin());
  buf_a_->read_bits += uint64_t(std::min(R, M_ - tiles_.m0())) * uint64_t(cfg_.a.bits);
  buf_b_->read_bits += uint64_t(std::min(C, N_ - tiles_.n0())) * uint64_t(cfg_.b.bits);
  if (++step_ == K_ && !p_.overlap) {
    phase_ = Phase::Readout;
    step_ = 0;
    readout_.start();
  }
}

const ArrayInputs& Matrix2dController::next(const ArrayOutputs& out) {
  // Strobes drop unless this step sets them; data lanes keep their last
  // values (they are ignored while their strobe is low, and unchanged lanes
  // do not toggle the input wires).
  in_.set(in_valid_, 0);
  in_.set(in_first_, 0);
  if (p_.overlap) in_.set(in_last_, 0);
  in_.set(rd_en_, 0);
  if (done_) return in_;
  tiles_.collect(out, out_valid_, c_vec_, c_, *buf_c_, cfg_.acc_bits, "matrix2d");
  if (p_.overlap)
    step_overlap(out);
  else
    step(out);
  return in_;
}

void Matrix2dController::step_overlap(const ArrayOutputs&) {
  if (!reads_.empty() && reads_.front().at == now_) {
    const Read r = reads_.front();
    reads_.pop_front();
    in_.set(rd_en_, 1);
    in_.set(rd_row_, r.row);
    tiles_.expect_row_of(r.m0, r.n0, r.row);
  }
  if (!fed_all_ && now_ >= feed_at_) {
    feed();
    if (step_ == K_) {
      // The last feed, sampled at the next edge; the PEs add it and write
      // the shadows one edge later; row r is read at the edge after that + r.
      const int rows = tiles_.rows_here();
      for (int r = 0; r < rows; ++r) reads_.push_back({now_ + 2 + uint64_t(r), tiles_.m0(), tiles_.n0(), r});
      feed_at_ = now_ + 1 + (overlap_tile_period(uint64_t(K_), uint64_t(rows)) - uint64_t(K_));
      step_ = 0;
      fed_all_ = !tiles_.advance();
    }
  }
  ++now_;
  done_ = fed_all_ && reads_.empty() && !tiles_.rows_pending();
}

void Matrix2dController::step(const ArrayOutputs& out) {
  switch (phase_) {
    case Phase::Feed:
      feed();
      break;
    case Phase::Readout:
      if (!readout_.step(out, in_, tiles_)) break;
      if (!tiles_.advance()) {
        done_ = true;
        break;
      }
      phase_ = Phase::Feed;
      feed();
      break;
  }
}

}  // namespace tpe::matrix2d
