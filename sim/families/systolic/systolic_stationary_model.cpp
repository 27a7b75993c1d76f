#include "sim/families/systolic/systolic_stationary_model.hpp"

#include <algorithm>
#include <cstring>

#include "models/gemm/int_gemm.hpp"
#include "sim/core/row_kernels.hpp"

namespace tpe::systolic {

SystolicStationaryModel::SystolicStationaryModel(const EngineConfig& cfg)
    : cfg_(cfg),
      layout_(PortLayout::of(cfg)),
      overlap_(Params::of(cfg).overlap()),
      rows_(int(cfg.integer("rows"))),
      cols_(int(cfg.integer("cols"))),
      stream_bits_(StationaryRoles::of(cfg).stream.bits),
      x_port_(StationaryRoles::of(cfg).stream),
      h_port_(StationaryRoles::of(cfg).held),
      acc_(cfg.acc_bits, product_is_signed(cfg.a, cfg.b)),
      dots_(StationaryRoles::of(cfg).stream, StationaryRoles::of(cfg).held, cfg.acc_bits),
      slots_(size_t(rows_ + cols_)),
      sampled_(slots_),
      resolved_(slots_),
      row_a_(slots_ * size_t(rows_)),
      row_sum_(slots_ * size_t(cols_)),
      valid_(rows_, cols_) {
  in_valid_ = layout_.input("in_valid");
  if (overlap_) in_swap_ = layout_.input("in_swap");
  const StationaryRoles roles = StationaryRoles::of(cfg);
  x_vec_ = layout_.input(roles.stream_port);
  p_vec_ = layout_.input("p_vec");
  load_ = layout_.input(roles.load_strobe);
  load_vec_ = layout_.input(roles.load_port);
  out_valid_ = layout_.output("out_valid");
  c_vec_ = layout_.output("c_vec");
  idle_ = layout_.output("idle");
  reset();
}

void SystolicStationaryModel::reset() {
  w_.assign(size_t(rows_) * cols_, 0);
  sh_.assign(size_t(rows_) * cols_, 0);
  row_gen_.assign(slots_, 0);
  gen_count_ = 0;
  gens_.clear();
  gens_.push_back({0, 0, rows_ + cols_ - 2, std::vector<int32_t>(size_t(rows_) * cols_, 0)});  // before any swap
  head_ = in_flight_ = 0;
  valid_.reset();
  edge_ = 0;
  out_ = layout_.make_outputs();
  counts_.assign(kCounters, 0);
}

void SystolicStationaryModel::resolve(size_t s, uint64_t upto) {
  // PE(i,j) works on this row at edge sampled+1+i+j: anti-diagonal d = i+j.
  const int64_t lo = int64_t(resolved_[s]) - int64_t(sampled_[s]) - 1;  // diagonals <= lo are done
  const int64_t hi = int64_t(upto) - int64_t(sampled_[s]) - 1;          // diagonals <= hi are made by now
  if (hi <= lo) return;
  const int32_t* a = &row_a_[s * size_t(rows_)];
  uint64_t* sum = &row_sum_[s * size_t(cols_)];
  if (lo < 0 && hi >= rows_ + cols_ - 2) {
    dots_.add(sum, a, 1, w_.data(), size_t(cols_), rows_, cols_);  // every PE: the whole row through the weights
  } else {
    for (int i = 0; i < rows_; ++i)
      for (int j = std::max<int64_t>(0, lo + 1 - i); j < cols_ && i + j <= hi; ++j)
        sum[j] += uint64_t(int64_t(a[i]) * int64_t(w_[size_t(i) * cols_ + j]));
  }
  resolved_[s] = upto;
}

void SystolicStationaryModel::fix_generation(Generation& g, int64_t upto_diag) {
  upto_diag = std::min<int64_t>(upto_diag, rows_ + cols_ - 2);
  for (int64_t d = g.fixed_diag + 1; d <= upto_diag; ++d)
    for (int i = std::max<int64_t>(0, d - (cols_ - 1)); i < rows_ && i <= d; ++i) {
      const size_t k = size_t(i) * cols_ + size_t(d - i);
      g.w[k] = sh_[k];
    }
  g.fixed_diag = int(std::max<int64_t>(g.fixed_diag, upto_diag));
}

SystolicStationaryModel::Generation& SystolicStationaryModel::generation(uint64_t id) {
  return gens_[size_t(id - gens_.front().id)];
}

// Overlap: a load at `edge` shifts the shadows; PEs a swap wave reaches at or
// before this edge (i + j <= edge - swap_edge - 1) have taken the old ones.
void SystolicStationaryModel::tick_overlap_load(const ArrayInputs& in, uint64_t edge) {
  if (!in.flag(load_)) return;
  for (Generation& g : gens_)
    if (g.fixed_diag < rows_ + cols_ - 2) fix_generation(g, int64_t(edge) - int64_t(g.swap_edge) - 1);
  const size_t C = size_t(cols_);
  std::memmove(&sh_[C], &sh_[0], (sh_.size() - C) * sizeof(int32_t));
  h_port_.convert(in.port[load_vec_].data(), sh_.data(), cols_);
}

const ArrayOutputs& SystolicStationaryModel::tick(const ArrayInputs& in) {
  const uint64_t edge = edge_++;
  const bool in_valid = in.flag(in_valid_);
  const size_t C = size_t(cols_);
  // The output register takes the row sampled R+C edges ago.
  const bool leaving = in_flight_ != 0 && sampled_[head_] + uint64_t(rows_ + cols_) == edge;
  out_.set(out_valid_, leaving);
  if (leaving && overlap_) {
    // The generation's wave has passed every PE, and no load since the last
    // fixing reached a PE it had not passed: the rest is the shadow as it is.
    Generation& g = generation(row_gen_[head_]);
    fix_generation(g, rows_ + cols_ - 2);
    dots_.add(&row_sum_[head_ * C], &row_a_[head_ * size_t(rows_)], 1, g.w.data(), C, rows_, cols_);
  }
  if (leaving) {
    if (!overlap_) resolve(head_, edge - 1);
    acc_.convert(&row_sum_[head_ * C], out_.port[c_vec_].data(), cols_);
    head_ = slot(1);
    --in_flight_;
    counts_[kAccReadout] += C;
    counts_[kSkewBits] += uint64_t(C) * (C - 1) / 2 * cfg_.acc_bits;  // the de-skew chains
    // Generations no vector in flight uses any more (the newest always stays).
    const uint64_t oldest_used = in_flight_ ? row_gen_[head_] : gen_count_;
    size_t drop = 0;
    while (drop + 1 < gens_.size() && gens_[drop].id < oldest_used) ++drop;
    if (overlap_ && drop) gens_.erase(gens_.begin(), gens_.begin() + ptrdiff_t(drop));
  }
  // Held operands shift at this edge, after the PEs have used the old ones:
  // vectors in flight take what they have made so far with the old ones.
  if (overlap_) {
    tick_overlap_load(in, edge);
  } else if (in.flag(load_)) {
    for (size_t n = 0; n < in_flight_; ++n) resolve(slot(n), edge);
    std::memmove(&w_[C], &w_[0], (w_.size() - C) * sizeof(int32_t));
    h_port_.convert(in.port[load_vec_].data(), w_.data(), cols_);
  }
  // The swap token: PE(i,j) copies its shadow (as it is after this edge's
  // load) at edge + 1 + i + j; vectors sampled after this edge use it, a
  // vector sampled at this edge does not.
  const bool swap = overlap_ && in.flag(in_swap_);
  auto take_swap = [&] {
    if (swap) gens_.push_back({++gen_count_, edge, -1, std::vector<int32_t>(size_t(rows_) * cols_, 0)});
  };
  if (valid_.empty() && !in_valid) {  // nothing in flight, nothing arriving
    take_swap();
    out_.set(idle_, 1);
    return out_;
  }
  const ValidWindow::PeWork work = valid_.pe_work();
  valid_.push(in_valid);  // the new row enters skew stage 0
  if (in_valid) {
    const size_t s = slot(in_flight_++);
    sampled_[s] = resolved_[s] = edge;
    row_gen_[s] = gen_count_;
    // What the ports hold: the low bits of each lane, as the RTL sees them.
    x_port_.convert(in.port[x_vec_].data(), &row_a_[s * size_t(rows_)], rows_);
    // The psum port is acc_bits wide; only low bits reach c, so mod 2^64 is enough.
    std::copy_n(in.port[p_vec_].data(), C, &row_sum_[s * C]);
  }
  take_swap();
  const ValidWindow::SkewFill fill = valid_.skew_fill();
  const uint64_t macs = work.macs, a_stages = fill.row_stages, p_stages = fill.col_stages;
  counts_[kSkewBits] += a_stages * uint64_t(stream_bits_) + p_stages * uint64_t(cfg_.acc_bits);
  counts_[kMac] += macs;
  out_.set(idle_, macs == 0 && a_stages == 0);
  return out_;
}

}  // namespace tpe::systolic
