// The controller that tiles an M x K x N GEMM onto an R x C array, one clock
// cycle at a time. It is plain C++ so the very same schedule drives the cycle
// model and the Verilated RTL; it waits on the array's `idle` output rather
// than on a latency formula, so the cycle count is a property of the array.
//
// OS: tiles (m0, n0) of R x C outputs; per tile K feed cycles (k = 0 clears),
//     wait for idle, then read the tile's rows out one per cycle.
// WS: folds (n0, k0) of R x C weights; per fold wait for idle, R weight-load
//     cycles, then M rows of A with the partial sums of the previous k fold.
#pragma once
#include <deque>
#include <utility>

#include "models/engine/engine_config.hpp"
#include "models/formats/matrix.hpp"
#include "sim/core/activity.hpp"
#include "sim/core/array_io.hpp"

namespace tpe {

class GemmController {
 public:
  GemmController(const EngineConfig& cfg, const OperandMatrix& a, const OperandMatrix& b);
  // Inputs for the next edge, given the outputs the array shows now.
  const ArrayInputs& next(const ArrayOutputs& out);
  bool done() const { return done_; }
  const ResultMatrix& result() const { return c_; }
  ResultMatrix take_result() { return std::move(c_); }  // once, after done(): no copy of C
  const std::map<std::string, BufferActivity>& buffers() const { return buffers_; }

 private:
  enum class Phase { Feed, WaitIdle, Read, Load, Stream, Drain };
  void collect(const ArrayOutputs& out);
  void step_os(const ArrayOutputs& out);
  void step_ws(const ArrayOutputs& out);
  bool advance_tile();  // false when the last tile is done

  EngineConfig cfg_;
  const OperandMatrix& a_;
  const OperandMatrix& b_;
  std::vector<int32_t> a_tiles_, b_tiles_;  // operands packed per tile (OS) or per fold (WS, A only), in feed order
  std::vector<int64_t> fold_sums_;          // WS: the last fold's output rows, M x C, fed back as partial sums
  int M_, K_, N_;
  ResultMatrix c_;
  std::map<std::string, BufferActivity> buffers_;
  BufferActivity *buf_a_, *buf_b_, *buf_c_;  // into buffers_ (map nodes do not move): no lookup per cycle
  ArrayInputs in_;
  Phase phase_;
  int m0_ = 0, n0_ = 0, k0_ = 0;  // current tile origin
  int step_ = 0;                  // position within the phase
  std::deque<int> pending_rows_;  // result rows expected on the output, in order
  bool issued_all_ = false, done_ = false;
};

}  // namespace tpe
