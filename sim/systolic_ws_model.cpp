#include "systolic_ws_model.hpp"

#include <algorithm>
#include <cstring>

#include "int_gemm.hpp"

namespace tpe {
namespace {

// One PE row: ps_out = ps_in + a*w where valid (vectorizable, branch-free).
__attribute__((target_clones("avx2", "default"))) uint64_t psum_row(uint64_t* __restrict ps_out,
                                                                      const uint64_t* __restrict ps_in,
                                                                      const int32_t* __restrict a,
                                                                      const int32_t* __restrict w,
                                                                      const uint32_t* __restrict v, int n) {
  uint64_t count = 0;
  for (int j = 0; j < n; ++j) {
    const uint64_t vm = uint64_t(0) - uint64_t(v[j]);
    ps_out[j] = ps_in[j] + (uint64_t(int64_t(a[j]) * int64_t(w[j])) & vm);
    count += v[j];
  }
  return count;
}

}  // namespace

SystolicWsModel::SystolicWsModel(const EngineConfig& cfg, ArrayActivity* activity)
    : cfg_(cfg),
      rows_(cfg.rows),
      cols_(cfg.cols),
      depth_(size_t(cfg.rows + cfg.cols)),
      result_signed_(product_is_signed(cfg.a, cfg.b)),
      act_(activity ? activity : &scratch_) {
  reset();
}

void SystolicWsModel::reset() {
  const size_t n = size_t(rows_) * cols_;
  w_.assign(n, 0);
  a_ring_.assign(rows_, std::vector<int32_t>(2 * depth_, 0));
  v_ring_.assign(2 * depth_, 0);
  p_ring_.assign(depth_ * cols_, 0);
  newest_ = 0;
  valid_in_ring_ = 0;
  ps_.assign(n, 0);
  bottom_ring_.assign(size_t(cols_) * cols_, 0);
  bottom_newest_ = 0;
  pe_valid_ = 0;
  out_pending_ = false;
  out_ = ArrayOutputs{};
  out_.c.assign(cols_, 0);
}

const ArrayOutputs& SystolicWsModel::tick(const ArrayInputs& in) {
  ArrayActivity& act = *act_;
  const size_t C = size_t(cols_);
  // Weights shift at this edge, after the PEs have used the old ones.
  auto load_weights = [&] {
    if (!in.w_load) return;
    std::memmove(&w_[C], &w_[0], (w_.size() - C) * sizeof(int32_t));
    for (size_t j = 0; j < C; ++j) w_[j] = int32_t(in.w[j]);
    act.weight_load_bits += uint64_t(rows_) * cols_ * cfg_.b.bits;
  };
  if (pe_valid_ == 0 && valid_in_ring_ == 0 && !in.in_valid) {
    load_weights();
    out_.out_valid = false;
    out_.idle = true;
    return out_;
  }

  // Output register: column j leaves the bottom row's value of C-1-j edges
  // ago (its de-skew chain); valid when PE(R-1,C-1) held a valid sum.
  out_.out_valid = out_pending_;
  if (out_pending_) {
    for (size_t j = 0; j < C; ++j) {
      const size_t age = C - 1 - j, slot = (bottom_newest_ + age) % C;
      out_.c[j] = wrap_to_accumulator(int64_t(bottom_ring_[slot * C + j]), cfg_.acc_bits, result_signed_);
    }
    act.acc_readouts += C;
    act.skew_reg_write_bits += uint64_t(C) * (C - 1) / 2 * cfg_.acc_bits;
  }

  // PE rows bottom-up so row i still reads row i-1's old partial sums; row
  // 0 reads column j's incoming partial sum sampled j edges ago.
  uint64_t macs = 0, forwards = 0;
  std::vector<uint64_t>& ps = ps_;
  for (int i = rows_ - 1; i >= 0; --i) {
    const size_t w = at(i);
    uint64_t* row = &ps[pe(i, 0)];
    uint64_t top_in[256];
    const uint64_t* ps_in = row - C;
    if (i == 0) {
      for (size_t j = 0, slot = newest_; j < C; ++j, slot = slot + 1 == depth_ ? 0 : slot + 1)
        top_in[j] = p_ring_[slot * C + j];
      ps_in = top_in;
    }
    const uint64_t n = psum_row(row, ps_in, &a_ring_[i][w], &w_[pe(i, 0)], &v_ring_[w], cols_);
    macs += n;
    forwards += n - v_ring_[w + C - 1] + (i + 1 < rows_ ? n : 0);
  }
  load_weights();
  out_pending_ = v_ring_[at(rows_ - 1 + cols_ - 1)] != 0;
  // The bottom row as it is now enters the de-skew chains.
  bottom_newest_ = (bottom_newest_ + C - 1) % C;
  std::copy(&ps[pe(rows_ - 1, 0)], &ps[pe(rows_ - 1, 0)] + C, &bottom_ring_[bottom_newest_ * C]);

  // The new input enters skew stage 0.
  newest_ = (newest_ + depth_ - 1) % depth_;
  valid_in_ring_ += uint64_t(in.in_valid) - v_ring_[newest_];
  v_ring_[newest_] = v_ring_[newest_ + depth_] = in.in_valid;
  if (in.in_valid) {
    for (int i = 0; i < rows_; ++i) a_ring_[i][newest_] = a_ring_[i][newest_ + depth_] = int32_t(in.a[i]);
    for (size_t j = 0; j < C; ++j) p_ring_[newest_ * C + j] = uint64_t(in.psum[j]);
  }
  uint64_t a_stages = 0, p_stages = 0;
  for (int d = 0; d < std::max(rows_, cols_); ++d) {
    if (!v_ring_[at(d)]) continue;
    a_stages += uint64_t(std::max(0, rows_ - d));
    p_stages += uint64_t(std::max(0, cols_ - d));
  }
  act.skew_reg_write_bits += a_stages * uint64_t(cfg_.a.bits) + p_stages * uint64_t(cfg_.acc_bits);
  act.macs += macs;
  act.operand_forwards += forwards;
  act.pe_reg_write_bits += macs * uint64_t(cfg_.a.bits + cfg_.acc_bits);
  pe_valid_ = macs;
  out_.idle = macs == 0 && a_stages == 0;
  return out_;
}

}  // namespace tpe
