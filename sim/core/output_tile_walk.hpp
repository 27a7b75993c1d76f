// The output-stationary tile walk that the cube, 2-D matrix and bit-slice
// controllers share: C is cut into tiles of tile_rows x tile_cols, visited
// row-major over N then M; a tile's rows are read out one per request and
// arrive on the array's output later, in request order, each remembering the
// tile it belongs to (the next tile may have started by then).
#pragma once
#include <algorithm>
#include <deque>
#include <utility>

#include "models/formats/matrix.hpp"
#include "sim/core/activity.hpp"
#include "sim/core/array_io.hpp"

namespace tpe {

class OutputTileWalk {
 public:
  OutputTileWalk(int tile_rows, int tile_cols, int m, int n) : tile_rows_(tile_rows), tile_cols_(tile_cols), m_(m), n_(n) {}

  int m0() const { return m0_; }
  int n0() const { return n0_; }
  int rows_here() const { return std::min(tile_rows_, m_ - m0_); }  // valid rows of the current tile
  int cols_here() const { return std::min(tile_cols_, n_ - n0_); }  // valid columns of the current tile
  bool advance();  // to the next tile; false after the last one

  // Row `i` of the current tile was asked for: its values arrive later.
  void expect_row(int i) { pending_.emplace_back(m0_ + i, n0_); }
  bool rows_pending() const { return !pending_.empty(); }
  // When the array shows `out_valid`, stores the row it holds on `c_vec`
  // (lane j = column n0 + j of the row's tile) into `c` and counts its
  // write into the C buffer; throws when no row was asked for.
  void collect(const ArrayOutputs& out, int out_valid, int c_vec, ResultMatrix& c, BufferActivity& buf_c,
               int acc_bits, const char* family);

 private:
  int tile_rows_, tile_cols_, m_, n_;
  int m0_ = 0, n0_ = 0;
  std::deque<std::pair<int, int>> pending_;  // (row of C, its tile's column origin), in request order
};

}  // namespace tpe
