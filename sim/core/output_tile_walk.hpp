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
  // Row `i` of the tile at (m0, n0) was asked for: an overlapped schedule
  // reads a tile out while the walk has moved on to the next one.
  void expect_row_of(int m0, int n0, int i) { pending_.emplace_back(m0 + i, n0); }
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

// The read-out of one output-stationary tile, the sequence the cube, 2-D
// matrix and bit-slice controllers share after a tile's last feed:
//   AwaitIdle  until the array shows `idle`, never on the first look (the
//              outputs seen then are from the edge before the last feed was
//              sampled, so `idle` may describe the previous tile);
//   Read       one accumulator row per cycle, rd_en = 1, rd_row = 0, 1, ...,
//              for the tile's valid rows; each row is expected by the walk;
//   AwaitRows  (only with `wait_for_rows`) until every requested row has
//              arrived: an array whose next `first` would clear an
//              accumulator row not yet read out must not start the next tile.
class TileReadout {
 public:
  // Port indices of the array's idle flag and read request.
  TileReadout(int idle, int rd_en, int rd_row, bool wait_for_rows)
      : idle_(idle), rd_en_(rd_en), rd_row_(rd_row), wait_for_rows_(wait_for_rows) {}

  void start() { phase_ = Phase::AwaitIdle, step_ = 0; }
  // One controller step of the read-out of `tiles`' current tile: may set
  // rd_en / rd_row on `in`. True on the step that completes it (the last
  // request, or the step all rows are in with wait_for_rows): the caller
  // then moves to the next tile.
  bool step(const ArrayOutputs& out, ArrayInputs& in, OutputTileWalk& tiles);

 private:
  enum class Phase { AwaitIdle, Read, AwaitRows };
  int idle_, rd_en_, rd_row_;
  bool wait_for_rows_;
  Phase phase_ = Phase::AwaitIdle;
  int step_ = 0;
};

}  // namespace tpe
