// A row of registers that shifts right by one position per cycle, in O(1):
// the row is a window sliding left through a buffer twice its length, and
// only when the window reaches the front is it copied back (once per `n`
// shifts). Used for the forwarding registers of a PE row.
#pragma once
#include <algorithm>
#include <cstddef>
#include <vector>

namespace tpe {

template <class T>
class ShiftRow {
 public:
  explicit ShiftRow(size_t n = 0) : n_(n), buf_(2 * n + 1, T{}), start_(n) {}
  // Element 0 becomes x, element j becomes the old element j-1.
  void shift_in(T x) {
    if (start_ == 0) {
      std::copy(buf_.begin(), buf_.begin() + n_, buf_.begin() + n_ + 1);
      start_ = n_ + 1;
    }
    buf_[--start_] = x;
  }
  T* data() { return &buf_[start_]; }
  const T* data() const { return &buf_[start_]; }
  T operator[](size_t j) const { return buf_[start_ + j]; }

 private:
  size_t n_;
  std::vector<T> buf_;
  size_t start_;
};

}  // namespace tpe
