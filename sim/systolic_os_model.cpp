#include "systolic_os_model.hpp"

#include <algorithm>
#include <cstring>

#include "int_gemm.hpp"

namespace tpe {
namespace {

// One PE row: acc += a*b where valid, cleared first where `first`.
// Branch-free so it vectorizes.
__attribute__((target_clones("avx2", "default"))) uint64_t mac_row(uint64_t* __restrict acc, const int32_t* __restrict a, const int32_t* __restrict b,
                                                                     const uint8_t* __restrict v, const uint8_t* __restrict f, int n) {
  uint64_t count = 0;
  for (int j = 0; j < n; ++j) {
    const uint64_t vm = uint64_t(0) - uint64_t(v[j]);
    const uint64_t keep = ~(vm & (uint64_t(0) - uint64_t(f[j])));
    acc[j] = (acc[j] & keep) + (uint64_t(int64_t(a[j]) * int64_t(b[j])) & vm);
    count += v[j];
  }
  return count;
}

}  // namespace

SystolicOsModel::SystolicOsModel(const EngineConfig& cfg, ArrayActivity* activity)
    : cfg_(cfg),
      rows_(cfg.rows),
      cols_(cfg.cols),
      depth_(size_t(std::max(cfg.rows, cfg.cols))),
      act_(activity ? activity : &scratch_) {
  reset();
}

void SystolicOsModel::reset() {
  a_hist_.assign(depth_, std::vector<int64_t>(rows_, 0));
  b_hist_.assign(depth_, std::vector<int64_t>(cols_, 0));
  v_hist_.assign(depth_, 0);
  f_hist_.assign(depth_, 0);
  head_ = 0;
  valid_in_ring_ = 0;
  const size_t n = size_t(rows_) * cols_;
  a_q_.assign(rows_, ShiftRow<int32_t>(cols_));
  v_q_.assign(rows_, ShiftRow<uint8_t>(cols_));
  f_q_.assign(rows_, ShiftRow<uint8_t>(cols_));
  b_rows_.assign(rows_, std::vector<int32_t>(cols_, 0));
  order_.resize(rows_);
  for (int i = 0; i < rows_; ++i) order_[i] = size_t(i);
  acc_.assign(n, 0);
  pe_valid_ = 0;
  out_ = ArrayOutputs{};
  out_.c.assign(cols_, 0);
}

const ArrayOutputs& SystolicOsModel::tick(const ArrayInputs& in) {
  ArrayActivity& act = *act_;
  // Read-out samples the accumulators as they were before this edge.
  out_.out_valid = in.rd_en;
  if (in.rd_en) {
    const bool s = product_is_signed(cfg_.a, cfg_.b);
    for (int j = 0; j < cols_; ++j) out_.c[j] = wrap_to_accumulator(int64_t(acc_[pe(in.rd_row, j)]), cfg_.acc_bits, s);
    act.acc_readouts += cols_;
  }
  // Nothing in flight and nothing arriving: every register holds.
  if (pe_valid_ == 0 && valid_in_ring_ == 0 && !in.in_valid) {
    out_.idle = true;
    return out_;
  }

  // Every PE row shifts a/valid/first one PE to the right, entering from
  // skew stage i, and takes b from the row above.
  uint64_t macs = 0, forwards = 0, pe_valid = 0;
  const size_t C = size_t(cols_);
  // b moves down one row: PE row i now holds what row i-1 held, and the
  // buffer of the bottom row is reused for the new top row.
  std::rotate(order_.rbegin(), order_.rbegin() + 1, order_.rend());
  int32_t* top_b = b_rows_[order_[0]].data();
  for (size_t j = 0; j < C; ++j) top_b[j] = int32_t(b_hist_[slot(int(j))][j]);
  for (int i = 0; i < rows_; ++i) {
    const size_t s = slot(i);
    a_q_[i].shift_in(int32_t(a_hist_[s][i]));
    v_q_[i].shift_in(v_hist_[s]);
    f_q_[i].shift_in(f_hist_[s]);
    const uint8_t* v = v_q_[i].data();
    const uint64_t n = mac_row(&acc_[pe(i, 0)], a_q_[i].data(), b_rows_[order_[i]].data(), v, f_q_[i].data(), cols_);
    macs += n;
    pe_valid += n;
    forwards += n - v[C - 1] + (i + 1 < rows_ ? n : 0);
  }
  // The newest input enters skew stage 0.
  head_ = (head_ + 1) % depth_;
  valid_in_ring_ += int(in.in_valid) - int(v_hist_[head_]);
  v_hist_[head_] = in.in_valid;
  f_hist_[head_] = in.in_valid && in.in_first;
  if (in.in_valid) {
    std::copy(in.a.begin(), in.a.end(), a_hist_[head_].begin());
    std::copy(in.b.begin(), in.b.end(), b_hist_[head_].begin());
  }
  // Skew stages holding valid data were written this edge: stage d of the
  // R row chains exists for rows i >= d, of the C column chains for j >= d.
  uint64_t a_stages = 0, b_stages = 0;
  for (int d = 0; d < int(depth_); ++d) {
    if (!v_hist_[slot(d)]) continue;
    a_stages += uint64_t(std::max(0, rows_ - d));
    b_stages += uint64_t(std::max(0, cols_ - d));
  }
  act.skew_reg_write_bits += a_stages * uint64_t(cfg_.a.bits) + b_stages * uint64_t(cfg_.b.bits);
  act.macs += macs;
  act.operand_forwards += forwards;
  // An OPT1 PE keeps its accumulator in carry-save form: two words per PE.
  const uint64_t acc_reg_bits = uint64_t(cfg_.acc_bits) * (cfg_.pe == PeKind::Opt1 ? 2 : 1);
  act.pe_reg_write_bits += macs * (uint64_t(cfg_.a.bits + cfg_.b.bits) + acc_reg_bits);
  pe_valid_ = pe_valid;
  // idle mirrors the RTL: no valid bit in the row skew stages (< R) or in any PE.
  out_.idle = pe_valid == 0 && a_stages == 0;
  return out_;
}

}  // namespace tpe
