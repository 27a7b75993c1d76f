// One clock cycle of an engine: the family's tiling controller and an array
// device (its cycle model, or the Verilated RTL).
//
// Both halves are registered, as in hardware: the array samples at edge t
// what the controller decided at edge t-1, and the controller decides at
// edge t from what the array showed after edge t-1 (a round trip of two
// edges, kControlRoundTrip). The SystemC engine calls step() once per rising
// edge; the two registers live here rather than in sc_signals between two
// processes: the same semantics with one process activation per cycle
// instead of four, which is most of the kernel's cost per cycle.
//
// The cycle count of a run goes from the first edge at which a Strobe input
// is set to the last edge after which the OutValid output is set, inclusive.
#pragma once
#include <memory>
#include <ostream>

#include "sim/core/array_device.hpp"
#include "sim/core/engine_sim.hpp"
#include "sim/core/gemm_controller.hpp"

namespace tpe {

// The controller sees the array's outputs two edges after they are produced
// (registered in the array, registered again in the controller).
constexpr int kControlRoundTrip = 2;

class EngineLoop {
 public:
  EngineLoop(const EngineConfig& cfg, const OperandMatrix& a, const OperandMatrix& b, ArrayDevice& dev,
             std::ostream* trace = nullptr);
  void step();
  bool done() const { return ctrl_->done(); }
  uint64_t cycles() const { return started_ ? last_edge_ - first_edge_ + 1 : 0; }
  EngineRun result() const;
  EngineRun take_result();  // result() moving C out of the controller: call once, at the end
  // For per-cycle recorders (hw/energy/event_stream): the edge the run's
  // cycle count starts at, and the controller's buffer counters so far.
  uint64_t first_edge() const { return first_edge_; }
  const std::map<std::string, BufferActivity>& buffers() const { return ctrl_->buffers(); }

 private:
  EngineRun run_without_c() const;

  std::unique_ptr<GemmController> ctrl_;
  ArrayDevice& dev_;
  std::ostream* trace_;
  PortLayout layout_;
  std::vector<std::string> counter_names_;
  // The controller -> array register is the controller's own output buffer:
  // the array samples it before the controller rewrites it, so it is never
  // copied. Before the first decision it is `nothing_`.
  ArrayInputs nothing_;
  const ArrayInputs* to_array_ = &nothing_;
  ArrayOutputs from_array_;  // array -> controller register (the array rewrites its own each edge)
  uint64_t edge_ = 0, first_edge_ = 0, last_edge_ = 0;
  bool started_ = false;
};

}  // namespace tpe
