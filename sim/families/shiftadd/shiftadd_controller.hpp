// The shiftadd family's schedule: output tiles (m0, n0) of rows x cols, n0
// innermost; per tile the ceil(K/8) blocks of 8 columns streamed back to back
// (first with block 0, last with the final block; activations beyond K or M,
// codes and terms beyond N zero), tiles back to back. A tile's results are
// collected when out_valid shows them.
#pragma once
#include "models/families/shiftadd/shiftadd_spec.hpp"
#include "sim/core/gemm_controller.hpp"
#include "sim/core/output_tile_walk.hpp"

namespace tpe::shiftadd {

class ShiftAddController final : public GemmController {
 public:
  ShiftAddController(const EngineConfig& cfg, const OperandMatrix& a, const OperandMatrix& b);
  const ArrayInputs& next(const ArrayOutputs& out) override;

 private:
  Params p_;
  const Matrix<int32_t>& alpha_;  // B's side tensor (checked against B's shape)
  int KB_;
  int act_, code_, alpha_port_;
  WholeTilePorts ports_;
  OutputTileWalk tiles_;  // tile order only: the array shows a whole tile at once
  WholeTileResults results_;
  int kb_ = 0;
  bool issued_all_ = false;
};

}  // namespace tpe::shiftadd
