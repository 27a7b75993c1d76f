#include "sim/families/systolic/systolic_os_model.hpp"

#include <algorithm>

#include "models/gemm/int_gemm.hpp"

namespace tpe::systolic {

SystolicOsModel::SystolicOsModel(const EngineConfig& cfg)
    : cfg_(cfg),
      layout_(PortLayout::of(cfg)),
      rows_(int(cfg.integer("rows"))),
      cols_(int(cfg.integer("cols"))),
      a_port_(cfg.a),
      b_port_(cfg.b),
      acc_port_(cfg.acc_bits, product_is_signed(cfg.a, cfg.b)),
      valid_(rows_, cols_),
      dots_(cfg.a, cfg.b, cfg.acc_bits) {
  in_valid_ = layout_.input("in_valid");
  in_first_ = layout_.input("in_first");
  a_vec_ = layout_.input("a_vec");
  b_vec_ = layout_.input("b_vec");
  rd_en_ = layout_.input("rd_en");
  rd_row_ = layout_.input("rd_row");
  out_valid_ = layout_.output("out_valid");
  c_vec_ = layout_.output("c_vec");
  idle_ = layout_.output("idle");
  reset();
}

void SystolicOsModel::reset() {
  log_edge_.clear();
  log_first_.clear();
  log_segment_.clear();
  tile_valid_ = false;
  log_a_.clear();
  log_b_.clear();
  valid_.reset();
  edge_ = 0;
  acc_.assign(cols_, 0);
  tile_.assign(size_t(rows_) * cols_, 0);
  out_ = layout_.make_outputs();
  counts_.assign(kCounters, 0);
}

// Row `row` of the accumulators as they are before edge `edge`: PE(i,j) has
// processed the inputs sampled at edges <= edge-2-i-j, and its accumulator
// holds those since the last `first` among them.
void SystolicOsModel::read_row(int row, uint64_t edge) {
  // Settled: every PE has processed every logged input (the usual case: the
  // controller reads after `idle`). Then the whole tile is one GEMM of the
  // entries since the last `first`, computed once and shared by all rows.
  if (!log_edge_.empty() && log_edge_.back() + uint64_t(rows_ + cols_) <= edge) {
    const size_t lo = log_segment_.back(), len = log_edge_.size() - lo;
    if (!tile_valid_ || tile_lo_ != lo || tile_len_ != len) {
      // Row i of the tile: column i of the logged A operands through the logged B operands.
      std::fill(tile_.begin(), tile_.end(), 0);
      for (int i = 0; i < rows_; ++i)
        dots_.add(&tile_[size_t(i) * cols_], &log_a_[lo * rows_ + size_t(i)], size_t(rows_), &log_b_[lo * cols_],
                  size_t(cols_), int(len), cols_);
      tile_valid_ = true;
      tile_lo_ = lo;
      tile_len_ = len;
    }
    std::copy_n(&tile_[size_t(row) * cols_], cols_, acc_.begin());
    return;
  }
  std::vector<int64_t> lo(cols_), hi(cols_);  // log range [lo, hi] summed by column j
  int64_t common_lo = 0, common_hi = int64_t(log_edge_.size()) - 1;
  for (int j = 0; j < cols_; ++j) {
    const int64_t limit = int64_t(edge) - 2 - row - j;
    hi[j] = int64_t(std::upper_bound(log_edge_.begin(), log_edge_.end(), uint64_t(std::max<int64_t>(limit, -1) + 1),
                                     [](uint64_t v, uint64_t e) { return v <= e; }) -
                    log_edge_.begin()) -
            1;
    if (limit < 0) hi[j] = -1;
    lo[j] = hi[j] >= 0 ? int64_t(log_segment_[size_t(hi[j])]) : 0;
    common_lo = std::max(common_lo, lo[j]);
    common_hi = std::min(common_hi, hi[j]);
  }
  std::fill(acc_.begin(), acc_.end(), 0);
  // The entries every column sums: one vectorized row update each.
  for (int64_t e = common_lo; e <= common_hi; ++e)
    axpy_row(acc_.data(), log_a_[size_t(e) * rows_ + row], &log_b_[size_t(e) * cols_], cols_);
  // Columns whose ranges reach beyond the common one (a first or an operand
  // still in flight) add the rest one by one.
  for (int j = 0; j < cols_; ++j)
    for (int64_t e = lo[j]; e <= hi[j]; ++e) {
      if (e >= common_lo && e <= common_hi) continue;
      acc_[j] += uint64_t(int64_t(log_a_[size_t(e) * rows_ + row]) * int64_t(log_b_[size_t(e) * cols_ + j]));
    }
}

// Entries before the newest `first` that every PE has already passed are
// never read again.
void SystolicOsModel::drop_passed_entries(uint64_t edge) {
  // Walk the `first` entries from the newest back (each segment starts at one,
  // except possibly entry 0) instead of every entry: a read-out comes a whole
  // tile of entries after its tile's `first`.
  if (log_edge_.empty()) return;
  size_t keep_from = log_segment_.back();
  while (keep_from > 0 && !(log_first_[keep_from] && log_edge_[keep_from] + 2 + uint64_t(rows_ + cols_) <= edge))
    keep_from = log_segment_[keep_from - 1];
  if (keep_from == 0) return;
  tile_lo_ -= std::min(tile_lo_, keep_from);
  log_edge_.erase(log_edge_.begin(), log_edge_.begin() + ptrdiff_t(keep_from));
  log_segment_.erase(log_segment_.begin(), log_segment_.begin() + ptrdiff_t(keep_from));
  for (auto& seg : log_segment_) seg -= keep_from;
  log_first_.erase(log_first_.begin(), log_first_.begin() + ptrdiff_t(keep_from));
  log_a_.erase(log_a_.begin(), log_a_.begin() + ptrdiff_t(keep_from * rows_));
  log_b_.erase(log_b_.begin(), log_b_.begin() + ptrdiff_t(keep_from * cols_));
}

const ArrayOutputs& SystolicOsModel::tick(const ArrayInputs& in) {
  const uint64_t edge = edge_++;
  const bool rd_en = in.flag(rd_en_), in_valid = in.flag(in_valid_);
  out_.set(out_valid_, rd_en);
  if (rd_en) {
    read_row(int(in.port[rd_row_][0]), edge);
    acc_port_.convert(acc_.data(), out_.port[c_vec_].data(), cols_);
    counts_[kAccReadout] += cols_;
    drop_passed_entries(edge);
  }
  if (valid_.empty() && !in_valid) {  // nothing in flight, nothing arriving
    out_.set(idle_, 1);
    return out_;
  }
  const ValidWindow::PeWork work = valid_.pe_work();
  valid_.push(in_valid);  // the new input enters skew stage 0
  if (in_valid) {
    const bool first = in.flag(in_first_);
    tile_valid_ = false;
    log_edge_.push_back(edge);
    log_first_.push_back(first);
    log_segment_.push_back(first || log_segment_.empty() ? log_edge_.size() - 1 : log_segment_.back());
    // What the ports hold: the low bits of each lane, as the RTL sees them.
    const size_t na = log_a_.size(), nb = log_b_.size();
    log_a_.resize(na + size_t(rows_));
    log_b_.resize(nb + size_t(cols_));
    a_port_.convert(in.port[a_vec_].data(), &log_a_[na], rows_);
    b_port_.convert(in.port[b_vec_].data(), &log_b_[nb], cols_);
  }
  // Skew stages holding valid data were written this edge.
  const ValidWindow::SkewFill fill = valid_.skew_fill();
  const uint64_t macs = work.macs, a_stages = fill.row_stages, b_stages = fill.col_stages;
  counts_[kSkewBits] += a_stages * uint64_t(cfg_.a.bits) + b_stages * uint64_t(cfg_.b.bits);
  counts_[kMac] += macs;
  // idle mirrors the RTL: no valid bit in any PE or in the row skew stages (< R).
  out_.set(idle_, macs == 0 && a_stages == 0);
  return out_;
}

}  // namespace tpe::systolic
