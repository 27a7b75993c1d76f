#include "systolic_ws_model.hpp"

#include <algorithm>
#include <cstring>

#include "int_gemm.hpp"
#include "row_kernels.hpp"

namespace tpe {

SystolicWsModel::SystolicWsModel(const EngineConfig& cfg, ArrayActivity* activity)
    : cfg_(cfg),
      rows_(cfg.rows),
      cols_(cfg.cols),
      result_signed_(product_is_signed(cfg.a, cfg.b)),
      act_(activity ? activity : &scratch_),
      valid_(cfg.rows, cfg.cols) {
  reset();
}

void SystolicWsModel::reset() {
  w_.assign(size_t(rows_) * cols_, 0);
  in_flight_.clear();
  valid_.reset();
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
  if (valid_.empty() && !in.in_valid) {  // nothing in flight, nothing arriving
    out_.idle = true;
    return out_;
  }
  const ValidWindow::PeWork work = valid_.pe_work();
  valid_.push(in.in_valid);  // the new row enters skew stage 0
  if (in.in_valid) {
    RowInFlight row;
    row.sampled = row.resolved = edge;
    // What the ports hold: the low bits of each lane, as the RTL sees them.
    row.a.resize(size_t(rows_));
    for (int i = 0; i < rows_; ++i) row.a[i] = int32_t(to_port_value(in.a[i], cfg_.a));
    row.sum.assign(in.psum.begin(), in.psum.end());  // wraps like the acc_bits-wide port: only low bits reach c
    in_flight_.push_back(std::move(row));
  }
  const ValidWindow::SkewFill fill = valid_.skew_fill();
  const uint64_t macs = work.macs, forwards = work.forwards, a_stages = fill.row_stages, p_stages = fill.col_stages;
  act.skew_reg_write_bits += a_stages * uint64_t(cfg_.a.bits) + p_stages * uint64_t(cfg_.acc_bits);
  act.macs += macs;
  act.operand_forwards += forwards;
  act.pe_reg_write_bits += macs * uint64_t(cfg_.a.bits + cfg_.acc_bits);
  out_.idle = macs == 0 && a_stages == 0;
  return out_;
}

}  // namespace tpe
