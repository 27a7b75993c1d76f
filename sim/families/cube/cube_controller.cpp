#include "sim/families/cube/cube_controller.hpp"

#include <algorithm>
#include <stdexcept>

namespace tpe::cube {

CubeController::CubeController(const EngineConfig& cfg, const OperandMatrix& a, const OperandMatrix& b)
    : GemmController(cfg, a, b), p_(Params::of(cfg)), tiles_(p_.x, p_.y, M_, N_),
      readout_(layout_.output("idle"), layout_.input("rd_en"), layout_.input("rd_row"), /*wait_for_rows=*/false) {
  in_valid_ = layout_.input("in_valid");
  in_first_ = layout_.input("in_first");
  a_vec_ = layout_.input("a_vec");
  b_vec_ = layout_.input("b_vec");
  rd_en_ = layout_.input("rd_en");
  out_valid_ = layout_.output("out_valid");
  c_vec_ = layout_.output("c_vec");
  const int X = p_.x, Y = p_.y, Z = p_.z;
  feeds_ = (K_ + Z - 1) / Z;
  const int tiles_m = (M_ + X - 1) / X, tiles_n = (N_ + Y - 1) / Y;
  const size_t a_block = size_t(X) * Z, b_block = size_t(Z) * Y;
  a_blocks_.assign(size_t(tiles_m) * feeds_ * a_block, 0);
  for (int m = 0; m < M_; ++m)
    for (int k = 0; k < K_; ++k)
      a_blocks_[(size_t(m / X) * feeds_ + size_t(k / Z)) * a_block + size_t(m % X) * Z + size_t(k % Z)] = a_(m, k);
  b_blocks_.assign(size_t(tiles_n) * feeds_ * b_block, 0);
  for (int k = 0; k < K_; ++k)
    for (int n = 0; n < N_; ++n)
      b_blocks_[(size_t(n / Y) * feeds_ + size_t(k / Z)) * b_block + size_t(k % Z) * Y + size_t(n % Y)] = b_(k, n);
}

const ArrayInputs& CubeController::next(const ArrayOutputs& out) {
  in_.set(in_valid_, 0);
  in_.set(in_first_, 0);
  in_.set(rd_en_, 0);
  if (done_) return in_;
  tiles_.collect(out, out_valid_, c_vec_, c_, *buf_c_, cfg_.acc_bits, "cube");
  step(out);
  return in_;
}

void CubeController::step(const ArrayOutputs& out) {
  const int X = p_.x, Y = p_.y, Z = p_.z;
  switch (phase_) {
    case Phase::Feed: {
      const int f = step_;
      in_.set(in_valid_, 1);
      in_.set(in_first_, f == 0);
      const size_t a_block = size_t(X) * Z, b_block = size_t(Z) * Y;
      std::copy_n(&a_blocks_[(size_t(tiles_.m0() / X) * feeds_ + size_t(f)) * a_block], a_block, in_.port[a_vec_].begin());
      std::copy_n(&b_blocks_[(size_t(tiles_.n0() / Y) * feeds_ + size_t(f)) * b_block], b_block, in_.port[b_vec_].begin());
      const int k_valid = std::min(Z, K_ - f * Z);
      buf_a_->read_bits += uint64_t(std::min(X, M_ - tiles_.m0())) * k_valid * cfg_.a.bits;
      buf_b_->read_bits += uint64_t(std::min(Y, N_ - tiles_.n0())) * k_valid * cfg_.b.bits;
      if (++step_ == feeds_) {
        phase_ = Phase::Readout;
        step_ = 0;
        readout_.start();
      }
      break;
    }
    case Phase::Readout:
      if (readout_.step(out, in_, tiles_)) phase_ = tiles_.advance() ? Phase::Feed : Phase::Drain;
      break;
    case Phase::Drain:
      // The last rows arrive after their reads.
      if (!tiles_.rows_pending()) done_ = true;
      break;
  }
}

}  // namespace tpe::cube
