// Cycle model of a weight-stationary systolic array, equivalent at every
// port and every valid operand to the structure rtlgen/systolic_gen emits
// (see docs/architecture.md):
//   weight load: a row of weights enters at the top and every weight register
//   shifts down one row per w_load cycle (R cycles fill the array);
//   input skew: row i of A passes i+1 registers, column j of the incoming
//   partial sums passes j+1;
//   PE(i,j): on a valid operand, psum_out <= psum_in + a*w(i,j); a moves right,
//   the partial sum moves down;
//   output de-skew: column j passes C-1-j more registers so a whole row of C
//   leaves at once through the output register, valid with PE(R-1,C-1).
// Representation, for speed: an operand reaching PE(i,j) was sampled i+j
// edges before, so a/valid of a PE row are one window of an input-history
// ring; the de-skew chains are a ring of past bottom rows. Registers that
// hold no valid data are not kept bit-identical to the RTL's.
#pragma once
#include <cstdint>
#include <vector>

#include "activity.hpp"
#include "array_device.hpp"
#include "engine_config.hpp"

namespace tpe {

class SystolicWsModel final : public ArrayDevice {
 public:
  explicit SystolicWsModel(const EngineConfig& cfg, ArrayActivity* activity = nullptr);
  void reset() override;
  const ArrayOutputs& tick(const ArrayInputs& in) override;
  const char* kind() const override { return "model"; }
  const ArrayActivity* activity() const override { return act_; }

 private:
  size_t pe(int i, int j) const { return size_t(i) * size_t(cols_) + size_t(j); }
  size_t at(int age) const { return newest_ + size_t(age); }

  EngineConfig cfg_;
  int rows_, cols_;
  size_t depth_;  // input ring length: rows + cols
  bool result_signed_;
  ArrayActivity* act_;
  ArrayActivity scratch_;
  std::vector<int32_t> w_;                     // stationary weights, row-major
  std::vector<std::vector<int32_t>> a_ring_;   // per row, mirrored
  std::vector<uint32_t> v_ring_;               // mirrored
  std::vector<uint64_t> p_ring_;               // incoming partial sums, depth x cols
  size_t newest_ = 0;
  uint64_t valid_in_ring_ = 0;
  std::vector<uint64_t> ps_;                   // PE partial-sum registers, row-major (mod 2^64)
  std::vector<uint64_t> bottom_ring_;          // past bottom rows (the de-skew chains), cols x cols
  size_t bottom_newest_ = 0;
  uint64_t pe_valid_ = 0;
  bool out_pending_ = false;                   // PE(R-1,C-1) held a valid sum after the last edge
  ArrayOutputs out_;
};

}  // namespace tpe
