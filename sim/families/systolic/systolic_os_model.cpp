#include "sim/families/systolic/systolic_os_model.hpp"

#include <algorithm>

#include "models/families/systolic/systolic_spec.hpp"
#include "models/gemm/int_gemm.hpp"

namespace tpe::systolic {

SystolicOsModel::SystolicOsModel(const EngineConfig& cfg)
    : cfg_(cfg),
      layout_(PortLayout::of(cfg)),
      overlap_(Params::of(cfg).overlap()),
      rows_(int(cfg.integer("rows"))),
      cols_(int(cfg.integer("cols"))),
      a_port_(cfg.a),
      b_port_(cfg.b),
      acc_port_(cfg.acc_bits, product_is_signed(cfg.a, cfg.b)),
      valid_(rows_, cols_),
      dots_(cfg.a, cfg.b, cfg.acc_bits) {
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

void SystolicOsModel::reset() {
  log_edge_.clear();
  log_first_.clear();
  log_segment_.clear();
  log_lasts_.clear();
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
    const size_t lo = log_segment_.back();
    tile_sum(lo, log_edge_.size() - lo);
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

void SystolicOsModel::tile_sum(size_t lo, size_t len) {
  if (tile_valid_ && tile_lo_ == lo && tile_len_ == len) return;
  // Row i of the tile: column i of the logged A operands through the logged B operands.
  std::fill(tile_.begin(), tile_.end(), 0);
  dots_.add_tile(tile_.data(), rows_, &log_a_[lo * rows_], size_t(rows_), &log_b_[lo * cols_], size_t(cols_),
                 int(len), cols_);
  tile_valid_ = true;
  tile_lo_ = lo;
  tile_len_ = len;
}

// Overlap: shadow(row, j) holds the accumulator as it was after the newest
// `last` entry PE(row, j) has processed by `edge` (inputs sampled at edges
// <= edge-2-row-j), i.e. the sum of that entry's segment; zero before any.
// Under the overlapped schedule every column of a read row shows the same
// entry, so the whole tile is summed once and shared by its rows.
void SystolicOsModel::read_shadow_row(int row, uint64_t edge) {
  std::vector<int64_t> last(cols_, -1);
  for (int j = 0; j < cols_; ++j) {
    const int64_t limit = int64_t(edge) - 2 - row - j;
    if (limit < 0) continue;
    // Entries sampled at edges <= limit, then the newest `last` among them.
    const size_t upto = size_t(std::upper_bound(log_edge_.begin(), log_edge_.end(), uint64_t(limit)) - log_edge_.begin());
    const auto it = std::lower_bound(log_lasts_.begin(), log_lasts_.end(), upto);
    if (it != log_lasts_.begin()) last[j] = int64_t(*(it - 1));
  }
  std::fill(acc_.begin(), acc_.end(), 0);
  if (std::all_of(last.begin(), last.end(), [&](int64_t l) { return l == last[0]; })) {
    if (last[0] < 0) return;
    const size_t lo = log_segment_[size_t(last[0])];
    tile_sum(lo, size_t(last[0]) + 1 - lo);
    std::copy_n(&tile_[size_t(row) * cols_], cols_, acc_.begin());
    return;
  }
  for (int j = 0; j < cols_; ++j) {  // arbitrary stimulus: column by column
    if (last[j] < 0) continue;
    for (size_t e = log_segment_[size_t(last[j])]; e <= size_t(last[j]); ++e)
      acc_[j] += uint64_t(int64_t(log_a_[e * rows_ + size_t(row)]) * int64_t(log_b_[e * cols_ + size_t(j)]));
  }
}

// Overlap: the slowest PE, (R-1, C-1), shows the newest `last` it has
// processed; no shadow will ever show an older one, so entries before that
// one's segment are never read again.
void SystolicOsModel::drop_passed_entries_overlap(uint64_t edge) {
  const int64_t limit = int64_t(edge) - 2 - (rows_ - 1) - (cols_ - 1);
  if (limit < 0 || log_lasts_.empty()) return;
  const size_t upto = size_t(std::upper_bound(log_edge_.begin(), log_edge_.end(), uint64_t(limit)) - log_edge_.begin());
  const auto it = std::lower_bound(log_lasts_.begin(), log_lasts_.end(), upto);
  if (it == log_lasts_.begin()) return;
  const size_t keep_from = log_segment_[*(it - 1)];
  if (keep_from == 0) return;
  if (tile_lo_ < keep_from) tile_valid_ = false;
  drop_front(keep_from);
  auto first_kept = std::lower_bound(log_lasts_.begin(), log_lasts_.end(), keep_from);
  log_lasts_.erase(log_lasts_.begin(), first_kept);
  for (auto& l : log_lasts_) l -= keep_from;
}

void SystolicOsModel::drop_front(size_t keep_from) {
  tile_lo_ -= std::min(tile_lo_, keep_from);
  log_edge_.erase(log_edge_.begin(), log_edge_.begin() + ptrdiff_t(keep_from));
  log_segment_.erase(log_segment_.begin(), log_segment_.begin() + ptrdiff_t(keep_from));
  for (auto& seg : log_segment_) seg -= keep_from;
  log_first_.erase(log_first_.begin(), log_first_.begin() + ptrdiff_t(keep_from));
  log_a_.erase(log_a_.begin(), log_a_.begin() + ptrdiff_t(keep_from * rows_));
  log_b_.erase(log_b_.begin(), log_b_.begin() + ptrdiff_t(keep_from * cols_));
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
  drop_front(keep_from);
}

const ArrayOutputs& SystolicOsModel::tick(const ArrayInputs& in) {
  const uint64_t edge = edge_++;
  const bool rd_en = in.flag(rd_en_), in_valid = in.flag(in_valid_);
  out_.set(out_valid_, rd_en);
  if (rd_en) {
    const int row = int(in.port[rd_row_][0]);
    if (overlap_)
      read_shadow_row(row, edge);
    else
      read_row(row, edge);
    acc_port_.convert(acc_.data(), out_.port[c_vec_].data(), cols_);
    counts_[kAccReadout] += cols_;
    if (overlap_)
      drop_passed_entries_overlap(edge);
    else
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
    if (!overlap_) tile_valid_ = false;  // overlap: the cache is keyed by its entries, which never change
    if (overlap_ && in.flag(in_last_)) log_lasts_.push_back(log_edge_.size());
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
