// The schedule that tiles an M x K x N GEMM onto an engine, one clock cycle
// at a time. It is plain C++ so the very same schedule drives the cycle model
// and the Verilated RTL; a family's controller should wait on the array's
// status outputs (e.g. `idle`) rather than on a latency formula, so that the
// cycle count is a property of the array.
#pragma once
#include <map>
#include <string>

#include "models/engine/engine_config.hpp"
#include "models/formats/matrix.hpp"
#include "sim/core/activity.hpp"
#include "sim/core/array_io.hpp"

namespace tpe {

class GemmController {
 public:
  GemmController(const EngineConfig& cfg, const OperandMatrix& a, const OperandMatrix& b);
  virtual ~GemmController() = default;
  // Inputs for the next edge, given the outputs the array shows now.
  virtual const ArrayInputs& next(const ArrayOutputs& out) = 0;

  bool done() const { return done_; }
  const ResultMatrix& result() const { return c_; }
  ResultMatrix take_result() { return std::move(c_); }  // once, after done(): no copy of C
  const std::map<std::string, BufferActivity>& buffers() const { return buffers_; }

 protected:
  EngineConfig cfg_;
  const OperandMatrix& a_;
  const OperandMatrix& b_;
  int M_, K_, N_;
  ResultMatrix c_;
  PortLayout layout_;
  ArrayInputs in_;  // the decision for the next edge (the engine loop hands it to the array)
  std::map<std::string, BufferActivity> buffers_;
  BufferActivity *buf_a_, *buf_b_, *buf_c_;  // into buffers_ (map nodes do not move): no lookup per cycle
  bool done_ = false;
};

}  // namespace tpe
