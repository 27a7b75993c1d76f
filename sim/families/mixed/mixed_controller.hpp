// The mixed family's schedule: output tiles (m0, n0) of rows x cols in the
// OutputTileWalk order (n0 innermost); per tile the K columns back to back
// (first with k = 0, last with k = K-1), each with the scale and zero point
// of its group for every weight column (lanes beyond M or N zero), tiles
// back to back. The array shows a whole tile on c_vec with out_valid; the
// tiles whose last column went in wait in a queue until then.
#pragma once
#include <deque>
#include <utility>

#include "models/families/mixed/mixed_spec.hpp"
#include "sim/core/gemm_controller.hpp"
#include "sim/core/output_tile_walk.hpp"

namespace tpe::mixed {

class MixedController final : public GemmController {
 public:
  MixedController(const EngineConfig& cfg, const OperandMatrix& a, const OperandMatrix& b);
  const ArrayInputs& next(const ArrayOutputs& out) override;

 private:
  void collect(const ArrayOutputs& out);
  void feed_column();

  Params p_;
  int in_valid_, first_, last_, a_vec_, q_vec_, s_vec_, z_vec_, out_valid_, c_vec_;
  OutputTileWalk tiles_;  // tile order only: the array shows a whole tile at once
  int k_ = 0;
  bool issued_all_ = false;
  std::deque<std::pair<int, int>> shown_next_;  // (m0, n0) of the tiles in flight, oldest first
};

}  // namespace tpe::mixed
