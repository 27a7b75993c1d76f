#include "sim/core/valid_window.hpp"

#include <algorithm>
#include <utility>

namespace tpe {

void ValidWindow::AgeWeights::set(std::vector<uint64_t> w) {
  weight = std::move(w);
  prefix.assign(weight.size() + 1, 0);
  for (size_t d = 0; d < weight.size(); ++d) prefix[d + 1] = prefix[d] + weight[d];
}

ValidWindow::ValidWindow(int rows, int cols) : rows_(rows), cols_(cols), size_(size_t(rows + cols)) {
  std::vector<uint64_t> pes(size_, 0), forwards(size_, 0), row_depth(size_, 0), col_depth(size_, 0);
  for (int i = 0; i < rows; ++i)
    for (int j = 0; j < cols; ++j) {
      ++pes[i + j];
      forwards[i + j] += (j + 1 < cols) + (i + 1 < rows);
    }
  for (uint64_t f : forwards) forwards_total_ += f;
  for (size_t d = 0; d < size_; ++d) {
    row_depth[d] = uint64_t(std::max<int64_t>(0, rows_ - int64_t(d)));
    col_depth[d] = uint64_t(std::max<int64_t>(0, cols_ - int64_t(d)));
  }
  diag_pes_.set(std::move(pes));
  diag_forwards_.set(std::move(forwards));
  row_depth_.set(std::move(row_depth));
  col_depth_.set(std::move(col_depth));
  reset();
}

void ValidWindow::reset() {
  bits_.assign(2 * size_, 0);
  newest_ = 0;
  valid_count_ = 0;
  youngest_ = oldest_ = 0;
}

uint64_t ValidWindow::weighted_count(const AgeWeights& w) const {
  if (oldest_ - youngest_ + 1 == valid_count_) return w.prefix[oldest_ + 1] - w.prefix[youngest_];
  const uint8_t* window = &bits_[newest_];
  uint64_t sum = 0;
  for (size_t d = 0; d < size_; ++d) sum += w.weight[d] & (uint64_t(0) - window[d]);
  return sum;
}

ValidWindow::PeWork ValidWindow::pe_work() const {
  PeWork w;
  if (valid_count_ == size_) {  // steady streaming: every PE busy
    w.macs = uint64_t(rows_) * uint64_t(cols_);
    w.forwards = forwards_total_;
    return w;
  }
  if (valid_count_ == 0) return w;
  w.macs = weighted_count(diag_pes_);
  w.forwards = weighted_count(diag_forwards_);
  return w;
}

void ValidWindow::push(bool valid) {
  newest_ = newest_ == 0 ? size_ - 1 : newest_ - 1;
  // Every bit ages by one; the one at the oldest age falls out (its slot takes the new bit).
  const bool dropped = bits_[newest_];
  const size_t survivors = valid_count_ - dropped;
  valid_count_ = survivors + size_t(valid);
  bits_[newest_] = bits_[newest_ + size_] = valid;
  if (survivors > 0) {
    ++youngest_;
    if (!dropped) {
      ++oldest_;
    } else {  // the oldest fell out: the next oldest valid bit (at once in a run)
      const uint8_t* window = &bits_[newest_];
      oldest_ = size_ - 1;
      while (!window[oldest_]) --oldest_;
    }
  }
  if (valid) {
    youngest_ = 0;
    if (survivors == 0) oldest_ = 0;
  }
}

ValidWindow::SkewFill ValidWindow::skew_fill() const {
  SkewFill f;
  if (valid_count_ == size_) {  // every stage holds valid data
    f.row_stages = uint64_t(rows_) * uint64_t(rows_ + 1) / 2;
    f.col_stages = uint64_t(cols_) * uint64_t(cols_ + 1) / 2;
    return f;
  }
  if (valid_count_ == 0) return f;
  f.row_stages = weighted_count(row_depth_);
  f.col_stages = weighted_count(col_depth_);
  return f;
}

}  // namespace tpe
