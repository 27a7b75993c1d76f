#include "valid_window.hpp"

#include <algorithm>

namespace tpe {

ValidWindow::ValidWindow(int rows, int cols) : rows_(rows), cols_(cols), size_(size_t(rows + cols)) {
  diag_pes_.assign(size_, 0);
  diag_forwards_.assign(size_, 0);
  for (int i = 0; i < rows; ++i)
    for (int j = 0; j < cols; ++j) {
      ++diag_pes_[i + j];
      diag_forwards_[i + j] += (j + 1 < cols) + (i + 1 < rows);
    }
  for (uint64_t f : diag_forwards_) forwards_total_ += f;
  row_depth_.assign(size_, 0);
  col_depth_.assign(size_, 0);
  for (size_t d = 0; d < size_; ++d) {
    row_depth_[d] = uint64_t(std::max<int64_t>(0, rows_ - int64_t(d)));
    col_depth_[d] = uint64_t(std::max<int64_t>(0, cols_ - int64_t(d)));
  }
  reset();
}

void ValidWindow::reset() {
  bits_.assign(2 * size_, 0);
  newest_ = 0;
  valid_count_ = 0;
}

uint64_t ValidWindow::weighted_count(const uint8_t* window, const uint64_t* weight, size_t n) {
  uint64_t sum = 0;
  for (size_t d = 0; d < n; ++d) sum += weight[d] & (uint64_t(0) - window[d]);
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
  const uint8_t* window = &bits_[newest_];
  w.macs = weighted_count(window, diag_pes_.data(), size_);
  w.forwards = weighted_count(window, diag_forwards_.data(), size_);
  return w;
}

void ValidWindow::push(bool valid) {
  newest_ = newest_ == 0 ? size_ - 1 : newest_ - 1;
  valid_count_ = valid_count_ + size_t(valid) - bits_[newest_];
  bits_[newest_] = bits_[newest_ + size_] = valid;
}

ValidWindow::SkewFill ValidWindow::skew_fill() const {
  SkewFill f;
  if (valid_count_ == size_) {  // every stage holds valid data
    f.row_stages = uint64_t(rows_) * uint64_t(rows_ + 1) / 2;
    f.col_stages = uint64_t(cols_) * uint64_t(cols_ + 1) / 2;
    return f;
  }
  if (valid_count_ == 0) return f;
  const uint8_t* window = &bits_[newest_];
  f.row_stages = weighted_count(window, row_depth_.data(), size_t(rows_));
  f.col_stages = weighted_count(window, col_depth_.data(), size_t(cols_));
  return f;
}

}  // namespace tpe
