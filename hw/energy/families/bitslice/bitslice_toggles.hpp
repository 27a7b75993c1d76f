// Switching activity of a bitslice array on a real workload, from the
// operand streams alone. The recorder sits between the controller and an
// array device (the C++ model, the Verilated RTL or the gate-level netlist)
// and rebuilds the registers and broadcast wires the PEs see: every step of
// a group, row i's bit plane (G bits, reaching the row's C PEs), column j's
// weight terms (G x (a.bits + b.bits + 1) bits, reaching the column's R PEs)
// and each PE's accumulator.
//
// Counts (ToggleCounts::bits): pe_operand_bits (bit-plane and weight-term
// toggles summed over the PEs they reach, plus the shared en and clr
// flips), pe_register_bits (accumulator bits that change), group_reg_bits
// (the top's group-register bits that change on a load).
#pragma once
#include <cstdint>
#include <vector>

#include "hw/energy/family_energy.hpp"
#include "models/engine/engine_config.hpp"
#include "models/families/bitslice/bitslice_spec.hpp"
#include "sim/core/array_device.hpp"

namespace tpe::bitslice {

class BitsliceToggleRecorder final : public hw::ToggleRecorder {
 public:
  BitsliceToggleRecorder(const EngineConfig& cfg, ArrayDevice& inner);
  const ArrayOutputs& tick(const ArrayInputs& in) override;
  hw::ToggleCounts result(const ActivityTrace& trace) const override;

 private:
  void count_array(const ArrayInputs& in);

  EngineConfig cfg_;
  Params p_;
  PortLayout layout_;
  int in_valid_, in_first_, a_vec_, b_vec_, rd_en_, rd_row_;
  int wb_;  // weight-term width
  // Registers and broadcast wires as rebuilt from the inputs.
  std::vector<int64_t> a_q_, b_q_, acc_;
  std::vector<uint64_t> abit_, w_;  // per row: the plane's G bits; per column and lane: the term
  bool f_q_ = false, busy_ = false, en_ = false, clr_ = false;
  int step_ = 0;
  uint64_t plane_tog_ = 0, w_tog_ = 0, ctl_tog_ = 0, acc_tog_ = 0, group_tog_ = 0;
};

}  // namespace tpe::bitslice
