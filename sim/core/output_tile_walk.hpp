// The output-stationary tile walk that the cube, 2-D matrix and bit-slice
// controllers share: C is cut into tiles of tile_rows x tile_cols, visited
// row-major over N then M; a tile's rows are read out one per request and
// arrive on the array's output later, in request order, each remembering the
// tile it belongs to (the next tile may have started by then).
#pragma once
#include <algorithm>
#include <deque>
#include <stdexcept>
#include <string>
#include <utility>

#include "models/formats/matrix.hpp"
#include "sim/core/activity.hpp"
#include "sim/core/array_io.hpp"

namespace tpe {

// Requests whose answers the array shows later, in request order: one entry
// per request, taken back on the edge the array raises its out-valid flag.
template <class T>
class PendingOutputs {
 public:
  void push(T t) { queue_.push_back(std::move(t)); }
  bool empty() const { return queue_.empty(); }
  const T& back() const { return queue_.back(); }
  // The oldest request when `out` shows `out_valid`, else nothing; throws
  // naming `what` when the array answers a request nobody made.
  bool take(const ArrayOutputs& out, int out_valid, const char* what, T& taken) {
    if (!out.flag(out_valid)) return false;
    if (queue_.empty()) throw std::logic_error(std::string(what) + " produced an output nobody asked for");
    taken = std::move(queue_.front());
    queue_.pop_front();
    return true;
  }

 private:
  std::deque<T> queue_;
};

class OutputTileWalk {
 public:
  OutputTileWalk(int tile_rows, int tile_cols, int m, int n) : tile_rows_(tile_rows), tile_cols_(tile_cols), m_(m), n_(n) {}

  int m0() const { return m0_; }
  int n0() const { return n0_; }
  int rows_here() const { return std::min(tile_rows_, m_ - m0_); }  // valid rows of the current tile
  int cols_here() const { return std::min(tile_cols_, n_ - n0_); }  // valid columns of the current tile
  bool advance();  // to the next tile; false after the last one

  // Row `i` of the current tile was asked for: its values arrive later.
  void expect_row(int i) { pending_.push({m0_ + i, n0_}); }
  // Row `i` of the tile at (m0, n0) was asked for: an overlapped schedule
  // reads a tile out while the walk has moved on to the next one.
  void expect_row_of(int m0, int n0, int i) { pending_.push({m0 + i, n0}); }
  bool rows_pending() const { return !pending_.empty(); }
  // When the array shows `out_valid`, stores the row it holds on `c_vec`
  // (lane j = column n0 + j of the row's tile) into `c` and counts its
  // write into the C buffer; throws when no row was asked for.
  void collect(const ArrayOutputs& out, int out_valid, int c_vec, ResultMatrix& c, BufferActivity& buf_c,
               int acc_bits, const char* family);

 private:
  int tile_rows_, tile_cols_, m_, n_;
  int m0_ = 0, n0_ = 0;
  PendingOutputs<std::pair<int, int>> pending_;  // (row of C, its tile's column origin), in request order
};

// The ports of an array that takes one K step (or K block) of a whole output
// tile per edge and shows the whole tile at once (lmul, shiftadd): in_valid,
// first and last strobes in, out_valid and the tile's rows x cols lanes
// (lane i * cols + j = element (i, j)) out.
struct WholeTilePorts {
  int in_valid, first, last, out_valid, c_vec;
  explicit WholeTilePorts(const PortLayout& layout);
  void idle(ArrayInputs& in) const;                     // no feed this edge
  void feed(ArrayInputs& in, bool first_step, bool last_step) const;  // a feed, with its strobes
};

// A block of A for an array that takes `group` columns of each of the tile's
// rows per edge (the LUT arrays): lane r*group+j = a(m0+r, k0+j) for r <
// rows, j < count; every other lane 0.
void fill_block_rows(const OperandMatrix& a, int m0, int rows, int k0, int count, int group, std::vector<int64_t>& lanes);

// The tiles whose last step went in, collected when the array shows them:
// only the tile's rows and columns inside C are written.
class WholeTileResults {
 public:
  WholeTileResults(int tile_rows, int tile_cols, int m, int n, int acc_bits, const char* family)
      : tile_rows_(tile_rows), tile_cols_(tile_cols), m_(m), n_(n), acc_bits_(acc_bits), family_(family) {}
  void expect(int m0, int n0) { pending_.push({m0, n0}); }
  bool pending() const { return !pending_.empty(); }
  // Stores the tile `out` shows (if it shows one) into `c` and counts its
  // write into the C buffer.
  void collect(const ArrayOutputs& out, const WholeTilePorts& ports, ResultMatrix& c, BufferActivity& buf_c);

 private:
  int tile_rows_, tile_cols_, m_, n_, acc_bits_;
  const char* family_;
  PendingOutputs<std::pair<int, int>> pending_;  // (m0, n0) of each tile, in issue order
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
