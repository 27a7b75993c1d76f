// Switching activity of a Laconic bitslice array, rebuilt from the operand
// streams (the structure of rtlgen/families/bitslice/bitslice_laconic_gen):
// each PE lane's term-pair masks (arem, brem) and the signed power-of-two
// term it adds, each PE's accumulator; the row and column digit registers.
//
// Counts (ToggleCounts::bits): pe_operand_bits (each lane's term word bits
// that change, plus the broadcast digit bits reaching the PEs on a load),
// pe_register_bits (accumulator and lane-mask bits that change),
// group_reg_bits (the top's digit registers' bits that change on a load).
#pragma once
#include <cstdint>
#include <vector>

#include "hw/energy/family_energy.hpp"
#include "models/engine/engine_config.hpp"
#include "models/families/bitslice/bitslice_spec.hpp"
#include "sim/core/array_device.hpp"

namespace tpe::bitslice {

class LaconicToggleRecorder final : public hw::ToggleRecorder {
 public:
  LaconicToggleRecorder(const EngineConfig& cfg, ArrayDevice& inner);
  const ArrayOutputs& tick(const ArrayInputs& in) override;
  hw::ToggleCounts result(const ActivityTrace& trace) const override;

 private:
  void count_array(const ArrayInputs& in);

  EngineConfig cfg_;
  Params p_;
  PortLayout layout_;
  int in_valid_, in_first_, a_vec_, b_vec_;
  int Da_, Db_;
  std::vector<std::vector<int>> adig_, bdig_;
  std::vector<uint32_t> arem_, brem_;
  std::vector<uint64_t> term_, acc_;
  int left_ = 0, fresh_ = 0, f_q_ = 0;
  uint64_t op_tog_ = 0, reg_tog_ = 0, group_tog_ = 0;
};

}  // namespace tpe::bitslice
