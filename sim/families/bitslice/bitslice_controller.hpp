// The bitslice family's schedule: output tiles (m0, n0) of R x C; per tile
// the ceil(K/G) groups of G consecutive k, then the read-out. It waits on
// the array's status outputs, never on a latency formula:
//   Feed       group g: lanes i*G+l of a_vec = A[m0+i][g*G+l], lanes j*G+l
//              of b_vec = B[g*G+l][n0+j] (zeros past M, K, N), in_first on
//              g = 0 (clears the accumulators). The tile's first group goes at
//              once (the array is idle); a later one when `ready` is seen and
//              no group was sent the edge before (`ready` is a round trip old
//              and does not yet show that group);
//   Readout    (TileReadout, waiting for the rows) until `idle` shows the
//              last group done (the first look after the last send is stale
//              and skipped), one accumulator row per cycle (rd_en, rd_row),
//              Rt rows, until the last row has arrived; then the next tile.
#pragma once
#include <deque>
#include <vector>

#include "models/families/bitslice/bitslice_spec.hpp"
#include "sim/core/gemm_controller.hpp"
#include "sim/core/output_tile_walk.hpp"

namespace tpe::bitslice {

class BitsliceController final : public GemmController {
 public:
  BitsliceController(const EngineConfig& cfg, const OperandMatrix& a, const OperandMatrix& b);
  const ArrayInputs& next(const ArrayOutputs& out) override;

 private:
  enum class Phase { Feed, Readout };
  void step(const ArrayOutputs& out);
  void feed();

  Params p_;
  int groups_;
  int in_valid_, in_first_, a_vec_, b_vec_, rd_en_, out_valid_, c_vec_, ready_;  // port indices
  Phase phase_ = Phase::Feed;
  OutputTileWalk tiles_;
  TileReadout readout_;
  int group_ = 0;     // next group of the tile
  bool sent_prev_ = false;
};

}  // namespace tpe::bitslice
