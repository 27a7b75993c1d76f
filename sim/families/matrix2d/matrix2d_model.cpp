#include "sim/families/matrix2d/matrix2d_model.hpp"

#include <algorithm>
#include <bitset>

#include "models/families/matrix2d/matrix2d_spec.hpp"
#include "models/gemm/int_gemm.hpp"
#include "sim/core/row_kernels.hpp"
#include "sim/families/matrix2d/matrix2d_counters.hpp"

namespace tpe::matrix2d {
namespace {

uint64_t low_bits(int bits) { return bits >= 64 ? ~uint64_t(0) : (uint64_t(1) << bits) - 1; }

// Bits that differ between two equal-length lane vectors, `bits` wide each.
uint64_t toggled_bits(const std::vector<int32_t>& x, const std::vector<int32_t>& y, int bits) {
  const uint64_t m = low_bits(bits);
  uint64_t t = 0;
  for (size_t i = 0; i < x.size(); ++i) t += std::bitset<64>((uint64_t(int64_t(x[i])) ^ uint64_t(int64_t(y[i]))) & m).count();
  return t;
}

}  // namespace

Matrix2dModel::Matrix2dModel(const EngineConfig& cfg)
    : rows_(int(cfg.integer("rows"))),
      cols_(int(cfg.integer("cols"))),
      a_bits_(cfg.a.bits),
      b_bits_(cfg.b.bits),
      layout_(PortLayout::of(cfg)),
      overlap_(Params::of(cfg).overlap),
      a_port_(cfg.a),
      b_port_(cfg.b),
      acc_port_(cfg.acc_bits, product_is_signed(cfg.a, cfg.b)) {
  in_valid_ = layout_.input("in_valid");
  in_first_ = layout_.input("in_first");
  if (overlap_) in_last_ = layout_.input("in_last");
  a_vec_ = layout_.input("a_vec");
  b_vec_ = layout_.input("b_vec");
  rd_en_ = layout_.input("rd_en");
  rd_row_ = layout_.input("rd_row");
  out_valid_ = layout_.output("out_valid");
  c_vec_ = layout_.output("c_vec");
  idle_ = layout_.output("idle");
  reset();
}

void Matrix2dModel::reset() {
  a_q_.assign(size_t(rows_), 0);
  b_q_.assign(size_t(cols_), 0);
  a_next_.assign(size_t(rows_), 0);
  b_next_.assign(size_t(cols_), 0);
  v_q_ = f_q_ = l_q_ = false;
  acc_.assign(size_t(rows_) * size_t(cols_), 0);
  shadow_.assign(acc_.size(), 0);
  counts_.assign(kCounters, 0);
  out_ = layout_.make_outputs();
  out_.set(idle_, 1);
}

void Matrix2dModel::read_row(int64_t row) {
  std::vector<int64_t>& c = out_.port[size_t(c_vec_)];
  if (row < 0 || row >= rows_)
    std::fill(c.begin(), c.end(), 0);
  else
    acc_port_.convert(&(overlap_ ? shadow_ : acc_)[size_t(row) * size_t(cols_)], c.data(), cols_);
  counts_[kAccReadout] += uint64_t(cols_);
}

void Matrix2dModel::accumulate() {
  for (int i = 0; i < rows_; ++i) {
    uint64_t* row = &acc_[size_t(i) * size_t(cols_)];
    if (f_q_) std::fill_n(row, cols_, 0);
    axpy_row(row, a_q_[size_t(i)], b_q_.data(), cols_);
  }
  counts_[kMac] += uint64_t(rows_) * uint64_t(cols_);
  if (l_q_) shadow_ = acc_;
}

void Matrix2dModel::load_broadcast(const ArrayInputs& in) {
  a_port_.convert(in.port[size_t(a_vec_)].data(), a_next_.data(), rows_);
  b_port_.convert(in.port[size_t(b_vec_)].data(), b_next_.data(), cols_);
  counts_[kBroadcastBits] += uint64_t(rows_) * uint64_t(a_bits_) + uint64_t(cols_) * uint64_t(b_bits_);
  counts_[kBroadcastToggleBits] += toggled_bits(a_next_, a_q_, a_bits_) + toggled_bits(b_next_, b_q_, b_bits_);
  a_q_.swap(a_next_);
  b_q_.swap(b_next_);
  f_q_ = in.flag(in_first_);
  if (overlap_) l_q_ = in.flag(in_last_);
}

const ArrayOutputs& Matrix2dModel::tick(const ArrayInputs& in) {
  // Every register samples the state from before this edge: read-out first
  // (the accumulators before this edge's add), then the PEs (the broadcast
  // registers before this edge's load), then the broadcast registers.
  const bool rd_en = in.flag(rd_en_);
  out_.set(out_valid_, rd_en);
  if (rd_en) read_row(in.port[size_t(rd_row_)][0]);
  if (v_q_) accumulate();
  if (in.flag(in_valid_)) load_broadcast(in);
  v_q_ = in.flag(in_valid_);
  out_.set(idle_, !v_q_);
  return out_;
}

}  // namespace tpe::matrix2d
