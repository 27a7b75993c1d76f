// The matrix2d family's schedule: output tiles (m0, n0) of R x C, one clock
// cycle at a time, waiting on the array's `idle` output rather than on a
// latency formula (so the cycle count is a property of the array):
//   Feed       K cycles: column k of the A tile on a_vec, row k of the B tile
//              on b_vec, in_first on k = 0 (clears the accumulators);
//   Readout    (TileReadout, waiting for the rows) until `idle` shows the
//              last operands added, one accumulator row per cycle (rd_en,
//              rd_row), Rt rows, until the last row has arrived; then the
//              next tile.
// With "schedule":"serial" the read-out does not overlap the next tile's
// feed: the accumulators are single-buffered and a `first` would clear a row
// not yet read. With "overlap" the array copies a tile's sums into shadow
// registers on its last step (in_last), so the controller runs on the
// array's fixed latency instead of `idle`: the next tile's feed follows at
// once (held back only while K < Rt, so that its shadow write comes after
// this tile's last read), and this tile's rows are read 2 + r edges after
// its last feed (docs/families/matrix2d.md, "Overlapped schedule").
#pragma once
#include <deque>
#include <vector>

#include "models/families/matrix2d/matrix2d_spec.hpp"
#include "sim/core/gemm_controller.hpp"
#include "sim/core/output_tile_walk.hpp"

namespace tpe::matrix2d {

class Matrix2dController final : public GemmController {
 public:
  Matrix2dController(const EngineConfig& cfg, const OperandMatrix& a, const OperandMatrix& b);
  const ArrayInputs& next(const ArrayOutputs& out) override;

 private:
  enum class Phase { Feed, Readout };
  void step(const ArrayOutputs& out);
  void feed();
  void step_overlap(const ArrayOutputs& out);

  Params p_;
  int in_valid_, in_first_, in_last_ = -1, a_vec_, b_vec_, rd_en_, out_valid_, c_vec_;  // port indices
  // Operands packed tile by tile, step k after step k, zero-padded to the
  // array: a feed copies the next R (C) values in memory instead of striding
  // a whole matrix row per lane.
  std::vector<int32_t> a_tiles_, b_tiles_;
  Phase phase_ = Phase::Feed;
  OutputTileWalk tiles_;
  TileReadout readout_;
  int step_ = 0;  // the next k to feed
  // Overlap: controller steps since the first, the step the next feed may
  // go at, and the reads scheduled (step, tile origin m0, n0, row).
  struct Read {
    uint64_t at;
    int m0, n0, row;
  };
  int rd_row_ = -1;  // port index
  uint64_t now_ = 0, feed_at_ = 0;
  bool fed_all_ = false;
  std::deque<Read> reads_;
};

}  // namespace tpe::matrix2d
