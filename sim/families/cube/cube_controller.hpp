// The cube family's schedule: it tiles an M x K x N GEMM onto the cube's
// X x Y output tile, one clock cycle at a time, and waits on the array's
// `idle` output rather than on a latency formula.
//
// Per output tile (m0, n0), row-major over N then M:
//   Feed:     ceil(K/Z) cycles, each an X x Z block of A and a Z x Y block of
//             B (zero-padded past M, K, N); the first one clears (in_first);
//   Readout:  (TileReadout, not waiting for the rows) until the array shows
//             `idle` (its accumulators are settled), then min(X, M-m0)
//             cycles, rd_row = 0, 1, ...; the next tile's first
//             feed follows the last read on the next edge (a feed reaches the
//             accumulators two edges after it is sampled, so it cannot
//             disturb a read sampled before it).
// Rows arrive later; each remembers its own tile origin.
#pragma once
#include <deque>
#include <utility>
#include <vector>

#include "models/families/cube/cube_spec.hpp"
#include "sim/core/gemm_controller.hpp"
#include "sim/core/output_tile_walk.hpp"

namespace tpe::cube {

class CubeController final : public GemmController {
 public:
  CubeController(const EngineConfig& cfg, const OperandMatrix& a, const OperandMatrix& b);
  const ArrayInputs& next(const ArrayOutputs& out) override;

 private:
  enum class Phase { Feed, Readout, Drain };
  void step(const ArrayOutputs& out);

  Params p_;
  int in_valid_, in_first_, a_vec_, b_vec_, rd_en_, out_valid_, c_vec_;  // port indices
  int feeds_;  // ceil(K/Z)
  // A packed per (row tile, feed): X x Z lanes in a_vec order; B per
  // (column tile, feed): Z x Y lanes in b_vec order. Zero-padded, so a feed
  // copies two contiguous runs.
  std::vector<int32_t> a_blocks_, b_blocks_;
  Phase phase_ = Phase::Feed;
  OutputTileWalk tiles_;
  TileReadout readout_;
  int step_ = 0;  // feeds sent of the current tile
};

}  // namespace tpe::cube
