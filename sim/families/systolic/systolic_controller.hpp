// The systolic family's schedule: it tiles an M x K x N GEMM onto an R x C
// array, one clock cycle at a time, and waits on the array's `idle` output
// rather than on a latency formula, so the cycle count is a property of the
// array.
//
// OS: tiles (m0, n0) of R x C outputs; per tile K feed cycles (k = 0 clears),
//     wait for idle, then read the tile's rows out one per cycle.
// WS: folds (n0, k0) of R x C weights; per fold wait for idle, R weight-load
//     cycles, then M rows of A with the partial sums of the previous k fold.
#pragma once
#include <deque>
#include <vector>

#include "models/families/systolic/systolic_spec.hpp"
#include "sim/core/gemm_controller.hpp"

namespace tpe::systolic {

class SystolicController final : public GemmController {
 public:
  SystolicController(const EngineConfig& cfg, const OperandMatrix& a, const OperandMatrix& b);
  const ArrayInputs& next(const ArrayOutputs& out) override;

 private:
  enum class Phase { Feed, WaitIdle, Read, Load, Stream, Drain };
  void collect(const ArrayOutputs& out);
  void step_os(const ArrayOutputs& out);
  void step_ws(const ArrayOutputs& out);
  bool advance_tile();  // false when the last tile is done

  Params p_;
  // Port indices (OS and WS use the ones their port list has).
  int in_valid_ = -1, in_first_ = -1, a_vec_ = -1, b_vec_ = -1, rd_en_ = -1, rd_row_ = -1, p_vec_ = -1,
      w_load_ = -1, w_vec_ = -1, out_valid_ = -1, c_vec_ = -1, idle_ = -1;
  std::vector<int32_t> a_tiles_, b_tiles_;  // operands packed per tile (OS) or per fold (WS, A only), in feed order
  std::vector<int64_t> fold_sums_;          // WS: the last fold's output rows, M x C, fed back as partial sums
  Phase phase_;
  int m0_ = 0, n0_ = 0, k0_ = 0;  // current tile origin
  int step_ = 0;                  // position within the phase
  std::deque<int> pending_rows_;  // result rows expected on the output, in order
  bool issued_all_ = false;
};

}  // namespace tpe::systolic
