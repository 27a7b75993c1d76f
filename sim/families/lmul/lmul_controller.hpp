// The lmul family's schedule: output tiles (m0, n0) of rows x cols, n0
// innermost; per tile K columns streamed back to back (first with k = 0,
// last with k = K-1; lanes beyond M or N zero), tiles back to back. The
// results of a tile are collected when out_valid shows them; the tiles whose
// last column went in wait in a queue until then.
#pragma once
#include "models/families/lmul/lmul_spec.hpp"
#include "sim/core/gemm_controller.hpp"
#include "sim/core/output_tile_walk.hpp"

namespace tpe::lmul {

class LmulController final : public GemmController {
 public:
  LmulController(const EngineConfig& cfg, const OperandMatrix& a, const OperandMatrix& b);
  const ArrayInputs& next(const ArrayOutputs& out) override;

 private:
  Params p_;
  WholeTilePorts ports_;
  WholeTileResults results_;
  int a_vec_, b_vec_;
  int m0_ = 0, n0_ = 0, k_ = 0;
  bool issued_all_ = false;
};

}  // namespace tpe::lmul
