#include "systolic_ws_model.hpp"

#include <algorithm>

#include "int_gemm.hpp"

namespace tpe {

SystolicWsModel::SystolicWsModel(const EngineConfig& cfg, ArrayActivity* activity)
    : cfg_(cfg),
      rows_(cfg.rows),
      cols_(cfg.cols),
      result_signed_(product_is_signed(cfg.a, cfg.b)),
      act_(activity ? activity : &scratch_) {
  reset();
}

void SystolicWsModel::reset() {
  const size_t n = size_t(rows_) * cols_;
  w_.assign(n, 0);
  a_skew_.assign(rows_, {});
  for (int i = 0; i < rows_; ++i) a_skew_[i].assign(i + 1, 0);
  p_skew_.assign(cols_, {});
  deskew_.assign(cols_, {});
  for (int j = 0; j < cols_; ++j) {
    p_skew_[j].assign(j + 1, 0);
    deskew_[j].assign(cols_ - 1 - j, 0);
  }
  v_hist_.assign(std::max(rows_, cols_), 0);
  a_q_.assign(n, 0);
  ps_q_.assign(n, 0);
  v_q_.assign(n, 0);
  in_flight_ = 0;
  out_ = ArrayOutputs{};
  out_.c.assign(cols_, 0);
}

const ArrayOutputs& SystolicWsModel::tick(const ArrayInputs& in) {
  ArrayActivity& act = *act_;
  if (in.w_load) {
    for (int i = rows_ - 1; i > 0; --i)
      for (int j = 0; j < cols_; ++j) w_[pe(i, j)] = w_[pe(i - 1, j)];
    for (int j = 0; j < cols_; ++j) w_[pe(0, j)] = in.w[j];
    act.weight_load_bits += uint64_t(rows_) * cols_ * cfg_.b.bits;
  }
  if (in_flight_ == 0 && !in.in_valid) {
    out_.out_valid = false;
    out_.idle = true;
    return out_;
  }

  // Output registers first: they sample the bottom row and the de-skew
  // chains as they were before this edge. Column j waits C-1-j stages in its
  // chain so a whole row leaves together, then passes the output register.
  const size_t bottom = pe(rows_ - 1, 0);
  out_.out_valid = v_q_[bottom + cols_ - 1];
  for (int j = 0; j < cols_; ++j) {
    auto& chain = deskew_[j];
    const uint64_t from_pe = ps_q_[bottom + j];
    const uint64_t leaving = chain.empty() ? from_pe : chain.back();
    out_.c[j] = wrap_to_accumulator(int64_t(leaving), cfg_.acc_bits, result_signed_);
    for (size_t d = chain.size(); d-- > 1;) chain[d] = chain[d - 1];
    if (!chain.empty()) chain[0] = from_pe;
  }
  if (out_.out_valid) {
    act.acc_readouts += cols_;
    act.skew_reg_write_bits += uint64_t(cols_) * (cols_ - 1) / 2 * cfg_.acc_bits;
  }

  uint64_t flight = 0, macs = 0, forwards = 0;
  for (int i = rows_ - 1; i >= 0; --i) {
    for (int j = cols_ - 1; j >= 0; --j) {
      const size_t p = pe(i, j);
      const uint8_t v = j > 0 ? v_q_[p - 1] : v_hist_[i];
      if (v) {
        const int64_t a = j > 0 ? a_q_[p - 1] : a_skew_[i][i];
        const uint64_t ps_in = i > 0 ? ps_q_[p - cols_] : p_skew_[j][j];
        ps_q_[p] = ps_in + uint64_t(a * w_[p]);
        a_q_[p] = a;
        ++macs;
        forwards += (j + 1 < cols_) + (i + 1 < rows_);
      }
      v_q_[p] = v;
      flight += v;
    }
  }
  for (int d = int(v_hist_.size()) - 1; d > 0; --d) v_hist_[d] = v_hist_[d - 1];
  v_hist_[0] = in.in_valid;
  uint64_t a_stages = 0, p_stages = 0, hist_valid = 0;
  for (int d = 0; d < int(v_hist_.size()); ++d) {
    if (!v_hist_[d]) continue;
    a_stages += uint64_t(std::max(0, rows_ - d));
    p_stages += uint64_t(std::max(0, cols_ - d));
    ++hist_valid;
  }
  for (int i = 0; i < rows_; ++i)
    for (int d = i; d > 0; --d) a_skew_[i][d] = a_skew_[i][d - 1];
  for (int j = 0; j < cols_; ++j)
    for (int d = j; d > 0; --d) p_skew_[j][d] = p_skew_[j][d - 1];
  if (in.in_valid) {
    for (int i = 0; i < rows_; ++i) a_skew_[i][0] = in.a[i];
    for (int j = 0; j < cols_; ++j) p_skew_[j][0] = uint64_t(in.psum[j]);
  }
  act.skew_reg_write_bits += a_stages * uint64_t(cfg_.a.bits) + p_stages * uint64_t(cfg_.acc_bits);
  act.macs += macs;
  act.operand_forwards += forwards;
  act.pe_reg_write_bits += macs * uint64_t(cfg_.a.bits + cfg_.acc_bits);
  in_flight_ = flight + hist_valid;
  out_.idle = flight == 0 && a_stages == 0;
  return out_;
}

}  // namespace tpe
