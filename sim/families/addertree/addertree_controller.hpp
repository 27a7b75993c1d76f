// The addertree family's schedule: folds (n0, k0) of a K x N weight tile,
// k0 innermost. Per fold: wait until the array is idle and every result of
// the previous fold has arrived, K weight-load cycles (rows k0 .. k0+K-1 of
// B, columns n0 .. n0+N-1, zero-padded), then M streamed rows of A (columns
// k0 .. k0+K-1) with the previous fold's results of the same rows as partial
// sums (zero on the first fold). The controller waits on `idle` and on the
// results, never on a latency formula.
#pragma once
#include <deque>
#include <vector>

#include "models/families/addertree/addertree_spec.hpp"
#include "sim/core/gemm_controller.hpp"

namespace tpe::addertree {

class AdderTreeController final : public GemmController {
 public:
  AdderTreeController(const EngineConfig& cfg, const OperandMatrix& a, const OperandMatrix& b);
  const ArrayInputs& next(const ArrayOutputs& out) override;

 private:
  enum class Phase { WaitIdle, Load, Stream, Drain };
  void collect(const ArrayOutputs& out);
  void step(const ArrayOutputs& out);
  bool advance_fold();  // false after the last fold

  Params p_;
  int in_valid_, a_vec_, p_vec_, w_load_, w_vec_, out_valid_, c_vec_, idle_;  // port indices
  std::vector<int32_t> a_folds_;   // A packed fold by fold (K values per row, zero-padded), in stream order
  std::vector<int64_t> fold_sums_;  // the last fold's results, M x N, fed back as partial sums
  Phase phase_ = Phase::WaitIdle;
  int n0_ = 0, k0_ = 0;  // current fold origin
  int step_ = 0;         // position within the phase
  std::deque<int> pending_rows_;  // result rows expected on the output, in order
  bool issued_all_ = false;
};

}  // namespace tpe::addertree
