#include "systolic_os_model.hpp"

#include <algorithm>

#include "int_gemm.hpp"

namespace tpe {

SystolicOsModel::SystolicOsModel(const EngineConfig& cfg, ArrayActivity* activity)
    : cfg_(cfg), rows_(cfg.rows), cols_(cfg.cols), act_(activity ? activity : &scratch_) {
  reset();
}

void SystolicOsModel::reset() {
  a_skew_.assign(rows_, {});
  for (int i = 0; i < rows_; ++i) a_skew_[i].assign(i + 1, 0);
  v_hist_.assign(std::max(rows_, cols_), 0);
  f_hist_.assign(std::max(rows_, cols_), 0);
  b_skew_.assign(cols_, {});
  for (int j = 0; j < cols_; ++j) b_skew_[j].assign(j + 1, 0);
  const size_t n = size_t(rows_) * cols_;
  a_q_.assign(n, 0);
  b_q_.assign(n, 0);
  acc_.assign(n, 0);
  v_q_.assign(n, 0);
  f_q_.assign(n, 0);
  in_flight_ = 0;
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

  // Nothing in flight and nothing arriving: every register holds, skip the work.
  if (in_flight_ == 0 && !in.in_valid) {
    out_.idle = true;
    return out_;
  }

  uint64_t flight = 0, macs = 0, forwards = 0;
  // PEs, bottom-right first so every PE still sees its neighbours' old values.
  for (int i = rows_ - 1; i >= 0; --i) {
    const int64_t a_left = a_skew_[i][i];
    const uint8_t v_left = v_hist_[i], f_left = f_hist_[i];
    for (int j = cols_ - 1; j >= 0; --j) {
      const size_t p = pe(i, j);
      const size_t l = j > 0 ? p - 1 : p;
      const uint8_t v = j > 0 ? v_q_[l] : v_left;
      if (v) {
        const int64_t a = j > 0 ? a_q_[l] : a_left;
        const int64_t b = i > 0 ? b_q_[p - cols_] : b_skew_[j][j];
        const uint8_t f = j > 0 ? f_q_[l] : f_left;
        acc_[p] = (f ? 0 : acc_[p]) + uint64_t(a * b);  // modulo 2^64, wrapped to acc_bits on read-out
        a_q_[p] = a;
        b_q_[p] = b;
        f_q_[p] = f;
        ++macs;
        forwards += (j + 1 < cols_) + (i + 1 < rows_);
      }
      v_q_[p] = v;
      flight += v;
    }
  }
  // Skew registers shift toward the array; stage 0 takes the new input.
  for (int d = int(v_hist_.size()) - 1; d > 0; --d) {
    v_hist_[d] = v_hist_[d - 1];
    f_hist_[d] = f_hist_[d - 1];
  }
  v_hist_[0] = in.in_valid;
  f_hist_[0] = in.in_valid && in.in_first;
  uint64_t a_stages = 0, b_stages = 0, hist_valid = 0;  // valid operands now held in skew stages
  for (int d = 0; d < int(v_hist_.size()); ++d) {
    if (!v_hist_[d]) continue;
    a_stages += uint64_t(std::max(0, rows_ - d));
    b_stages += uint64_t(std::max(0, cols_ - d));
    ++hist_valid;
  }
  for (int i = 0; i < rows_; ++i)
    for (int d = i; d > 0; --d) a_skew_[i][d] = a_skew_[i][d - 1];
  for (int j = 0; j < cols_; ++j)
    for (int d = j; d > 0; --d) b_skew_[j][d] = b_skew_[j][d - 1];
  if (in.in_valid) {
    for (int i = 0; i < rows_; ++i) a_skew_[i][0] = in.a[i];
    for (int j = 0; j < cols_; ++j) b_skew_[j][0] = in.b[j];
  }
  // idle mirrors the RTL: no valid bit in the row skew chain or in any PE.
  const bool idle = flight == 0 && a_stages == 0;
  act.skew_reg_write_bits += a_stages * uint64_t(cfg_.a.bits) + b_stages * uint64_t(cfg_.b.bits);
  act.macs += macs;
  act.operand_forwards += forwards;
  act.pe_reg_write_bits += macs * uint64_t(cfg_.a.bits + cfg_.b.bits + cfg_.acc_bits);
  in_flight_ = flight + hist_valid;
  out_.idle = idle;
  return out_;
}

}  // namespace tpe
