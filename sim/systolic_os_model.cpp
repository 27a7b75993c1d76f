#include "systolic_os_model.hpp"

#include <algorithm>

#include "int_gemm.hpp"

namespace tpe {
namespace {

// One PE row: acc += a*b where valid, cleared first where `first`.
// Branch-free so it vectorizes; the flags are 32-bit like the operands so a
// 16-PE row fills whole AVX2 vectors instead of falling into the scalar tail.
__attribute__((target_clones("avx2", "default"))) uint64_t mac_row(uint64_t* __restrict acc,
                                                                     const int32_t* __restrict a,
                                                                     const int32_t* __restrict b,
                                                                     const uint32_t* __restrict v,
                                                                     const uint32_t* __restrict f, int n) {
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
      depth_(size_t(cfg.rows + cfg.cols)),
      act_(activity ? activity : &scratch_) {
  reset();
}

void SystolicOsModel::reset() {
  a_ring_.assign(rows_, std::vector<int32_t>(2 * depth_, 0));
  b_ring_.assign(depth_ * cols_, 0);
  v_ring_.assign(2 * depth_, 0);
  f_ring_.assign(2 * depth_, 0);
  newest_ = 0;
  valid_in_ring_ = 0;
  b_rows_.assign(rows_, std::vector<int32_t>(cols_, 0));
  order_.resize(rows_);
  for (int i = 0; i < rows_; ++i) order_[i] = size_t(i);
  acc_.assign(size_t(rows_) * cols_, 0);
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

  // b moves down one row: PE row i now holds what row i-1 held; the buffer
  // of the bottom row is reused for the top row, which takes lane j of the
  // input sampled j edges ago (the end of column j's skew chain).
  std::rotate(order_.rbegin(), order_.rbegin() + 1, order_.rend());
  int32_t* top_b = b_rows_[order_[0]].data();
  for (size_t j = 0, slot = newest_; j < size_t(cols_); ++j, slot = slot + 1 == depth_ ? 0 : slot + 1)
    top_b[j] = b_ring_[slot * size_t(cols_) + j];
  uint64_t macs = 0, forwards = 0;
  const size_t C = size_t(cols_);
  for (int i = 0; i < rows_; ++i) {
    // PE(i,j) holds the operands sampled i+j edges ago.
    const size_t w = at(i);
    const uint64_t n = mac_row(&acc_[pe(i, 0)], &a_ring_[i][w], b_rows_[order_[i]].data(), &v_ring_[w], &f_ring_[w], cols_);
    macs += n;
    forwards += n - v_ring_[w + C - 1] + (i + 1 < rows_ ? n : 0);
  }
  // The new input enters skew stage 0: it becomes age 0.
  newest_ = (newest_ + depth_ - 1) % depth_;
  valid_in_ring_ += uint64_t(in.in_valid) - v_ring_[newest_];
  const uint32_t v = in.in_valid, f = in.in_valid && in.in_first;
  v_ring_[newest_] = v_ring_[newest_ + depth_] = v;
  f_ring_[newest_] = f_ring_[newest_ + depth_] = f;
  if (in.in_valid) {
    for (int i = 0; i < rows_; ++i) a_ring_[i][newest_] = a_ring_[i][newest_ + depth_] = int32_t(in.a[i]);
    std::copy(in.b.begin(), in.b.end(), b_ring_.begin() + ptrdiff_t(newest_ * C));
  }
  // Skew stages holding valid data were written this edge: stage d of the
  // R row chains exists for rows i >= d, of the C column chains for j >= d.
  uint64_t a_stages = 0, b_stages = 0;
  for (int d = 0; d < std::max(rows_, cols_); ++d) {
    if (!v_ring_[at(d)]) continue;
    a_stages += uint64_t(std::max(0, rows_ - d));
    b_stages += uint64_t(std::max(0, cols_ - d));
  }
  act.skew_reg_write_bits += a_stages * uint64_t(cfg_.a.bits) + b_stages * uint64_t(cfg_.b.bits);
  act.macs += macs;
  act.operand_forwards += forwards;
  // An OPT1 PE keeps its accumulator in carry-save form: two words per PE.
  const uint64_t acc_reg_bits = uint64_t(cfg_.acc_bits) * (cfg_.pe == PeKind::Opt1 ? 2 : 1);
  act.pe_reg_write_bits += macs * (uint64_t(cfg_.a.bits + cfg_.b.bits) + acc_reg_bits);
  pe_valid_ = macs;
  // idle mirrors the RTL: no valid bit in the row skew stages (< R) or in any PE.
  out_.idle = macs == 0 && a_stages == 0;
  return out_;
}

}  // namespace tpe
