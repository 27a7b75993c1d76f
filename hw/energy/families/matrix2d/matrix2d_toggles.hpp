// Switching activity of a 2-D matrix array on a real workload, from the
// operand streams alone.
//
// The recorder sits between the controller and an array device (the C++
// model, the Verilated RTL or the gate-level netlist) and rebuilds what the
// array's registers hold: the broadcast registers load only on in_valid, so
// every PE of row i sees lane i's sequence of *valid* A values on its a_in,
// every PE of column j lane j's B values on its b_in; and the accumulators
// follow acc = (first ? 0 : acc) + a*b. Those toggles are what a PE's
// multiplier and adder see on an LLM workload: the counts the energy replay
// prices (hw/energy/energy_characterize fits one energy per count).
//
// Counts (ToggleCounts::bits): pe_operand_bits (a_in, b_in, v_in and f_in
// toggles summed over every PE: a row's toggle reaches C PEs, a column's R),
// pe_register_bits (accumulator bits that change; OPT1's sum and carry are
// counted as the value they add up to).
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "hw/energy/family_energy.hpp"
#include "models/engine/engine_config.hpp"
#include "models/families/matrix2d/matrix2d_spec.hpp"
#include "sim/core/array_device.hpp"

namespace tpe::matrix2d {

class Matrix2dToggleRecorder final : public hw::ToggleRecorder {
 public:
  Matrix2dToggleRecorder(const EngineConfig& cfg, ArrayDevice& inner);
  const ArrayOutputs& tick(const ArrayInputs& in) override;
  hw::ToggleCounts result(const ActivityTrace& trace) const override;

 private:
  void count_ports(const ArrayInputs& in);
  void count_array(const ArrayInputs& in);

  EngineConfig cfg_;
  Params p_;
  PortLayout layout_;
  int in_valid_, in_first_, in_last_ = -1, a_vec_, b_vec_, rd_en_, rd_row_;
  ArrayInputs prev_;  // the ports at the previous edge (all 0 before the first: the reset state)
  std::vector<uint64_t> port_toggles_;  // per input port
  // The array's registers as rebuilt from the inputs.
  std::vector<int64_t> a_q_, b_q_, acc_, out_;
  std::vector<int64_t> shadow_;  // overlap: the shadow accumulators the read-out selects
  bool l_q_ = false;
  bool v_q_ = false, f_q_ = false;
  uint64_t a_tog_ = 0, b_tog_ = 0;  // broadcast register bits that changed (rows, columns)
  uint64_t v_tog_ = 0, f_tog_ = 0;  // broadcast valid and first flips
  uint64_t acc_tog_ = 0, out_tog_ = 0;  // accumulator bits, output register bits
};

}  // namespace tpe::matrix2d
