// The lutgemm family's schedule: output tiles (m0, n0) of rows x cols, n0
// innermost; per tile the ceil(K/8) blocks of 8 columns streamed back to back
// (first with block 0, last with the final block, fold with a group's last
// block and the final block; activations beyond K or M are +0, codes and
// scales beyond N 0), tiles back to back. A tile's results are collected when
// out_valid shows them.
#pragma once
#include "models/families/lutgemm/lutgemm_spec.hpp"
#include "sim/core/gemm_controller.hpp"
#include "sim/core/output_tile_walk.hpp"

namespace tpe::lutgemm {

class LutGemmController final : public GemmController {
 public:
  LutGemmController(const EngineConfig& cfg, const OperandMatrix& a, const OperandMatrix& b);
  const ArrayInputs& next(const ArrayOutputs& out) override;

 private:
  Params p_;
  const Matrix<int32_t>& alpha_;  // B's side tensors (checked against B's shape)
  const Matrix<int32_t>& bias_;
  int KB_;
  int fold_, act_, code_, alpha_port_, bias_port_;
  WholeTilePorts ports_;
  OutputTileWalk tiles_;  // tile order only: the array shows a whole tile at once
  WholeTileResults results_;
  int kb_ = 0;
  bool issued_all_ = false;
};

}  // namespace tpe::lutgemm
