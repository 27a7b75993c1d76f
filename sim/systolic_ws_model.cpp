#include "systolic_ws_model.hpp"

#include <algorithm>
#include <cstring>

#include "int_gemm.hpp"

namespace tpe {
namespace {

// sum[j] += a * w[j] over one weight row (vectorizes over j).
__attribute__((target_clones("avx2", "default"))) void axpy_row(uint64_t* __restrict sum, int64_t a,
                                                                  const int32_t* __restrict w, int n) {
  for (int j = 0; j < n; ++j) sum[j] += uint64_t(a * int64_t(w[j]));
}

}  // namespace

SystolicWsModel::SystolicWsModel(const EngineConfig& cfg, ArrayActivity* activity)
    : cfg_(cfg),
      rows_(cfg.rows),
      cols_(cfg.cols),
      result_signed_(product_is_signed(cfg.a, cfg.b)),
      act_(activity ? activity : &scratch_) {
  diag_pes_.assign(size_t(rows_ + cols_), 0);
  diag_forwards_.assign(size_t(rows_ + cols_), 0);
  for (int i = 0; i < rows_; ++i)
    for (int j = 0; j < cols_; ++j) {
      ++diag_pes_[i + j];
      diag_forwards_[i + j] += (j + 1 < cols_) + (i + 1 < rows_);
    }
  for (uint64_t f : diag_forwards_) diag_forwards_total_ += f;
  reset();
}

void SystolicWsModel::reset() {
  w_.assign(size_t(rows_) * cols_, 0);
  in_flight_.clear();
  v_hist_.assign(size_t(rows_ + cols_), 0);
  newest_ = 0;
  valid_in_window_ = 0;
  edge_ = 0;
  out_ = ArrayOutputs{};
  out_.c.assign(cols_, 0);
}

void SystolicWsModel::resolve(RowInFlight& row, uint64_t upto) const {
  // PE(i,j) works on this row at edge sampled+1+i+j: anti-diagonal d = i+j.
  const int64_t lo = int64_t(row.resolved) - int64_t(row.sampled) - 1;  // diagonals <= lo are done
  const int64_t hi = int64_t(upto) - int64_t(row.sampled) - 1;          // diagonals <= hi are made by now
  if (hi <= lo) return;
  if (lo < 0 && hi >= rows_ + cols_ - 2) {
    for (int i = 0; i < rows_; ++i) axpy_row(row.sum.data(), row.a[i], &w_[size_t(i) * cols_], cols_);
  } else {
    for (int i = 0; i < rows_; ++i)
      for (int j = std::max<int64_t>(0, lo + 1 - i); j < cols_ && i + j <= hi; ++j)
        row.sum[j] += uint64_t(int64_t(row.a[i]) * int64_t(w_[size_t(i) * cols_ + j]));
  }
  row.resolved = upto;
}

const ArrayOutputs& SystolicWsModel::tick(const ArrayInputs& in) {
  ArrayActivity& act = *act_;
  const uint64_t edge = edge_++;
  const size_t C = size_t(cols_);
  // The output register takes the row sampled R+C edges ago.
  out_.out_valid = !in_flight_.empty() && in_flight_.front().sampled + uint64_t(rows_ + cols_) == edge;
  if (out_.out_valid) {
    RowInFlight& row = in_flight_.front();
    resolve(row, edge - 1);
    for (size_t j = 0; j < C; ++j)
      out_.c[j] = wrap_to_accumulator(int64_t(row.sum[j]), cfg_.acc_bits, result_signed_);
    in_flight_.pop_front();
    act.acc_readouts += C;
    act.skew_reg_write_bits += uint64_t(C) * (C - 1) / 2 * cfg_.acc_bits;  // the de-skew chains
  }
  // Weights shift at this edge, after the PEs have used the old ones: rows
  // in flight take what they have made so far with the old weights.
  if (in.w_load) {
    for (auto& row : in_flight_) resolve(row, edge);
    std::memmove(&w_[C], &w_[0], (w_.size() - C) * sizeof(int32_t));
    for (size_t j = 0; j < C; ++j) w_[j] = int32_t(to_port_value(in.w[j], cfg_.b));
    act.weight_load_bits += uint64_t(rows_) * cols_ * cfg_.b.bits;
  }
  if (valid_in_window_ == 0 && !in.in_valid) {  // nothing in flight, nothing arriving
    out_.idle = true;
    return out_;
  }
  // PEs on anti-diagonal d work on the row of age d (before this edge's).
  uint64_t macs = 0, forwards = 0;
  const size_t depth = v_hist_.size();
  if (valid_in_window_ == depth) {
    macs = uint64_t(rows_) * cols_;
    forwards = diag_forwards_total_;
  } else {
    for (size_t d = 0, slot = newest_; d < depth; ++d, slot = slot + 1 == depth ? 0 : slot + 1)
      if (v_hist_[slot]) {
        macs += diag_pes_[d];
        forwards += diag_forwards_[d];
      }
  }
  newest_ = newest_ == 0 ? depth - 1 : newest_ - 1;
  valid_in_window_ += uint64_t(in.in_valid) - v_hist_[newest_];
  v_hist_[newest_] = in.in_valid;
  if (in.in_valid) {
    RowInFlight row;
    row.sampled = row.resolved = edge;
    // What the ports hold: the low bits of each lane, as the RTL sees them.
    row.a.resize(size_t(rows_));
    for (int i = 0; i < rows_; ++i) row.a[i] = int32_t(to_port_value(in.a[i], cfg_.a));
    row.sum.assign(in.psum.begin(), in.psum.end());  // wraps like the acc_bits-wide port: only low bits reach c
    in_flight_.push_back(std::move(row));
  }
  uint64_t a_stages = 0, p_stages = 0;
  if (valid_in_window_ == depth) {
    a_stages = uint64_t(rows_) * (rows_ + 1) / 2;
    p_stages = uint64_t(cols_) * (cols_ + 1) / 2;
  } else {
    for (size_t d = 0, slot = newest_; d < size_t(std::max(rows_, cols_)); ++d, slot = slot + 1 == depth ? 0 : slot + 1)
      if (v_hist_[slot]) {
        a_stages += uint64_t(std::max<int64_t>(0, rows_ - int64_t(d)));
        p_stages += uint64_t(std::max<int64_t>(0, cols_ - int64_t(d)));
      }
  }
  act.skew_reg_write_bits += a_stages * uint64_t(cfg_.a.bits) + p_stages * uint64_t(cfg_.acc_bits);
  act.macs += macs;
  act.operand_forwards += forwards;
  act.pe_reg_write_bits += macs * uint64_t(cfg_.a.bits + cfg_.acc_bits);
  out_.idle = macs == 0 && a_stages == 0;
  return out_;
}

}  // namespace tpe
