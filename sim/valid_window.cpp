#include "valid_window.hpp"

#include <algorithm>

namespace tpe {

ValidWindow::ValidWindow(int rows, int cols) : rows_(rows), cols_(cols) {
  diag_pes_.assign(size_t(rows + cols), 0);
  diag_forwards_.assign(size_t(rows + cols), 0);
  for (int i = 0; i < rows; ++i)
    for (int j = 0; j < cols; ++j) {
      ++diag_pes_[i + j];
      diag_forwards_[i + j] += (j + 1 < cols) + (i + 1 < rows);
    }
  for (uint64_t f : diag_forwards_) forwards_total_ += f;
  reset();
}

void ValidWindow::reset() {
  bits_.assign(size_t(rows_ + cols_), 0);
  newest_ = 0;
  valid_count_ = 0;
}

ValidWindow::PeWork ValidWindow::pe_work() const {
  PeWork w;
  if (valid_count_ == bits_.size()) {  // steady streaming: every PE busy
    w.macs = uint64_t(rows_) * uint64_t(cols_);
    w.forwards = forwards_total_;
    return w;
  }
  for (size_t d = 0; d < bits_.size(); ++d)
    if (valid_at(d)) {
      w.macs += diag_pes_[d];
      w.forwards += diag_forwards_[d];
    }
  return w;
}

void ValidWindow::push(bool valid) {
  newest_ = newest_ == 0 ? bits_.size() - 1 : newest_ - 1;
  valid_count_ = valid_count_ + size_t(valid) - bits_[newest_];
  bits_[newest_] = valid;
}

ValidWindow::SkewFill ValidWindow::skew_fill() const {
  SkewFill f;
  if (valid_count_ == bits_.size()) {  // every stage holds valid data
    f.row_stages = uint64_t(rows_) * uint64_t(rows_ + 1) / 2;
    f.col_stages = uint64_t(cols_) * uint64_t(cols_ + 1) / 2;
    return f;
  }
  for (size_t d = 0; d < size_t(std::max(rows_, cols_)); ++d)
    if (valid_at(d)) {
      f.row_stages += uint64_t(std::max<int64_t>(0, rows_ - int64_t(d)));
      f.col_stages += uint64_t(std::max<int64_t>(0, cols_ - int64_t(d)));
    }
  return f;
}

}  // namespace tpe
