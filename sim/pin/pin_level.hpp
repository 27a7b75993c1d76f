// The pieces of a pin-level view of an engine: an sc_module whose sc_in /
// sc_out ports are named and sized like the generated RTL top (clk, rst and
// the family's ports: FamilySpec::ports, lane i at bits [i*w +: w]), stepping
// the cycle model at each rising clock edge, so it can be swapped with the
// Verilator --sc model of the same Verilog in one testbench.
//
// The port types depend on the widths, so the module itself is generated per
// configuration (pin_module_gen.hpp, `tpe gen --systemc-pins`), with Verilator's
// --pins-bv 2 mapping: 1 bit -> bool, 2 bits and more -> sc_bv<W>. Everything
// else lives here, family-agnostic: the core the module delegates to
// (PinLevelCore), the lane packing (pin_pack / pin_unpack), and the
// testbench's controller side (PinBench).
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <systemc>

#include "models/engine/engine_config.hpp"
#include "models/formats/matrix.hpp"
#include "sim/core/array_device.hpp"
#include "sim/core/array_io.hpp"
#include "sim/core/gemm_controller.hpp"

namespace tpe {

// Lanes <-> a bit vector (lane i at bits [i*lane_bits +: lane_bits]); output
// lanes are sign-extended when `is_signed`, as the RTL device reads them.
void pin_pack(const std::vector<int64_t>& lanes, int lane_bits, sc_dt::sc_bv_base& bits);
void pin_unpack(const sc_dt::sc_bv_base& bits, int lane_bits, bool is_signed, std::vector<int64_t>& lanes);

// The cycle model behind a generated pin-level module.
class PinLevelCore {
 public:
  explicit PinLevelCore(const std::string& config_json);
  void reset();  // a rising edge with rst high: outputs read as 0 until the next edge
  void tick();   // a rising edge with rst low: samples inputs(), updates outputs()
  std::vector<int64_t>& input(int p) { return in_.port[size_t(p)]; }
  const std::vector<int64_t>& output(int p) const { return out_->port[size_t(p)]; }
  const PortLayout& layout() const { return layout_; }

 private:
  EngineConfig cfg_;
  PortLayout layout_;
  std::unique_ptr<ArrayDevice> dev_;
  ArrayInputs in_;
  ArrayOutputs zeros_;
  const ArrayOutputs* out_ = &zeros_;
};

// The controller side of a pin-level testbench, with EngineLoop's timing:
// at rising edge t the array samples what the controller decided at edge
// t-1, and the controller decides from what the array showed after edge
// t-1 (data lanes registered only while valid). Records one text line per
// edge (PortLayout::format_inputs / format_outputs, the cosim trace format).
class PinBench {
 public:
  PinBench(const std::string& config_json, const OperandMatrix& a, const OperandMatrix& b);
  // Call at every rising edge after the reset edge, with outputs() holding
  // what the array shows now (after the previous edge); then drive inputs()
  // onto the pins. Returns true when the GEMM is done.
  bool edge();
  ArrayOutputs& outputs() { return seen_; }
  const ArrayInputs& inputs() const { return *next_; }
  const PortLayout& layout() const { return layout_; }
  const std::vector<std::string>& trace() const { return trace_; }
  const ResultMatrix& result() const { return ctrl_->result(); }
  uint64_t cycles() const { return started_ ? last_edge_ - first_edge_ + 1 : 0; }

 private:
  EngineConfig cfg_;
  PortLayout layout_;
  OperandMatrix a_, b_;
  std::unique_ptr<GemmController> ctrl_;
  ArrayInputs nothing_, applied_;  // applied_: what the array sampled at the previous edge
  ArrayOutputs seen_, registered_;
  const ArrayInputs* next_ = &nothing_;
  std::vector<std::string> trace_;
  uint64_t edge_ = 0, first_edge_ = 0, last_edge_ = 0;
  bool started_ = false;
};

}  // namespace tpe
