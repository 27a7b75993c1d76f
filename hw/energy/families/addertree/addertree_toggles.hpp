// Switching activity of the multiplier-adder tree on a real workload,
// measured from the operand streams.
//
// The recorder sits between the controller and an array device and follows
// what the registers of the generated RTL (rtlgen/families/addertree) hold:
// the top's input register (activations a_r, partial sums p_r: they load
// only with a valid row), every unit's weight shift register, and every
// unit's pipeline registers (the tree nodes at the cut points dpu_gen's
// pipeline_cut places, the delayed partial sum) and output register. The
// toggle counts of those sequences are what the energy replay prices.
//
// Counts (ToggleCounts::bits): pe_operand_bits (a_r bits that change, once
// per unit: every unit's multipliers see them), pe_register_bits (the units'
// pipeline, partial-sum and output registers), pe_weight_bits (the units'
// weight registers as they shift), input_reg_bits (the top's a_r and p_r).
// The OPT2 unit's pipeline registers hold what its structure
// (rtlgen/families/addertree/opt2_dpu_gen, Opt2Layout) has at the cut:
// partial-product rows, carry-save bit columns of a Dadda tree, or the digit
// sums; the recorder evaluates that structure bit for bit on each row.
#pragma once
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "hw/energy/family_energy.hpp"
#include "models/families/addertree/addertree_spec.hpp"
#include "rtlgen/families/addertree/opt2_dpu_gen.hpp"
#include "sim/core/array_device.hpp"

namespace tpe::addertree {

class AdderTreeToggleRecorder final : public hw::ToggleRecorder {
 public:
  AdderTreeToggleRecorder(const EngineConfig& cfg, ArrayDevice& inner);
  const ArrayOutputs& tick(const ArrayInputs& in) override;
  hw::ToggleCounts result(const ActivityTrace& trace) const override;

 private:
  void count_row(const std::vector<int64_t>& a, const std::vector<int64_t>& p);
  // The OPT2 unit j's pipeline registers for one row (exact cuts only).
  void count_opt2_stages(int j, const std::vector<int64_t>& a, int64_t p);

  EngineConfig cfg_;
  Params p_;
  PortLayout layout_;
  int in_valid_, a_vec_, p_vec_, w_load_, w_vec_;
  std::vector<int> cut_levels_;  // per pipeline register stage: the tree level it registers
  std::unique_ptr<rtl::Opt2Layout> opt2_;  // the OPT2 unit's structure (null for the baseline)
  std::vector<int64_t> prev_in_a_, prev_in_p_, prev_in_w_;  // top-level port values of the previous edge
  bool prev_valid_ = false, prev_load_ = false;
  std::map<std::string, uint64_t> port_toggles_;
  std::vector<int64_t> w_;       // K x N weights, as the ports hold them
  std::vector<int64_t> a_r_, p_r_;  // the top's input register
  std::vector<std::vector<int64_t>> stage_regs_;  // per unit: every pipeline register node, stage after stage
  std::vector<int64_t> c_reg_;   // per unit: output register
  uint64_t rows_ = 0, loads_ = 0;
  uint64_t a_tog_ = 0, p_tog_ = 0, w_tog_ = 0, reg_tog_ = 0;
};

}  // namespace tpe::addertree
