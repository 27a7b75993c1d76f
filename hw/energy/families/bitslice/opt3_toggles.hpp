// Switching activity of an OPT3 bitslice array, rebuilt from the operand
// streams (the structure of rtlgen/families/bitslice/bitslice_opt3_gen):
// per step, each row's sparse encoder drives its C PEs with the selected
// lane (one-hot), the digit's neg and two bits and the position (one-hot);
// each column's G weights reach its R PEs; each PE's carry-save sum and
// carry registers are followed bit for bit. OPT4C (cfg.pe == "opt4c") too:
// one position for the array (the rows move on together), no position
// input at the PEs, and the column's weights shifted at the array's edge
// (those wires toggle on loads and position changes). OPT4E too: S slots
// per row, each its own lane select and digit (neg, two: one bit per slot),
// the S partial products through S rows of 3:2 compressors in the PE group.
//
// Counts (ToggleCounts::bits): pe_operand_bits (row and column broadcast
// toggles summed over the PEs they reach, plus en and clr flips),
// pe_register_bits (sum and carry bits that change), group_reg_bits (the
// top's digit and weight registers' bits that change on a load).
#pragma once
#include <cstdint>
#include <vector>

#include "hw/energy/family_energy.hpp"
#include "models/engine/engine_config.hpp"
#include "models/families/bitslice/bitslice_spec.hpp"
#include "sim/core/array_device.hpp"

namespace tpe::bitslice {

class Opt3ToggleRecorder final : public hw::ToggleRecorder {
 public:
  Opt3ToggleRecorder(const EngineConfig& cfg, ArrayDevice& inner);
  const ArrayOutputs& tick(const ArrayInputs& in) override;
  hw::ToggleCounts result(const ActivityTrace& trace) const override;

 private:
  // What row i drives this cycle: sel, neg, two (a bit per slot), one-hot position, en.
  struct RowDrive {
    uint32_t sel = 0;
    int neg = 0, two = 0, en = 0;
    uint32_t pos = 0;
  };
  RowDrive drive(int i) const;
  void count_array(const ArrayInputs& in);

  EngineConfig cfg_;
  Params p_;
  PortLayout layout_;
  int in_valid_, in_first_, a_vec_, b_vec_;
  int D_, WB_, S_ = 1;  // S_: OPT4E's issue slots per row
  bool sync_ = false;
  std::vector<uint64_t> bsh_;  // OPT4C: the shifted column weights on the wires
  std::vector<std::vector<int>> dig_;  // [i*G+l][k]
  std::vector<int64_t> b_q_;
  std::vector<uint64_t> s_, c_;
  std::vector<int> pos_, done_;
  std::vector<uint32_t> taken_;
  std::vector<RowDrive> prev_drive_;
  int left_ = 0, fresh_ = 0, f_q_ = 0, prev_clr_ = 0;
  uint64_t row_tog_ = 0, col_tog_ = 0, ctl_tog_ = 0, reg_tog_ = 0, group_tog_ = 0;
};

}  // namespace tpe::bitslice
