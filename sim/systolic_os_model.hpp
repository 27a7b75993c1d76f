// Cycle model of an output-stationary systolic array, register for register
// the structure rtlgen/systolic_gen emits (see docs/architecture.md):
//   input skew: row i of A passes i+1 registers, column j of B passes j+1;
//   PE(i,j): on a valid operand, acc <= (first ? 0 : acc) + a*b, and a/b/valid/first
//   move one PE right (a) or down (b) per cycle;
//   read-out: rd_en samples accumulator row rd_row into the output register.
#pragma once
#include <cstdint>
#include <vector>

#include "activity.hpp"
#include "array_device.hpp"
#include "engine_config.hpp"

namespace tpe {

class SystolicOsModel final : public ArrayDevice {
 public:
  explicit SystolicOsModel(const EngineConfig& cfg, ArrayActivity* activity = nullptr);
  void reset() override;
  const ArrayOutputs& tick(const ArrayInputs& in) override;
  const char* kind() const override { return "model"; }
  const ArrayActivity* activity() const override { return act_; }

 private:
  size_t pe(int i, int j) const { return size_t(i) * size_t(cols_) + size_t(j); }

  EngineConfig cfg_;
  int rows_, cols_;
  ArrayActivity* act_;
  ArrayActivity scratch_;
  // Skew registers: a_skew_[i] has i+1 stages (stage 0 nearest the input).
  // Every row and column samples the same valid/first, so stage d of any
  // skew chain holds the flags sampled d edges ago: one history serves all.
  std::vector<std::vector<int64_t>> a_skew_, b_skew_;
  std::vector<uint8_t> v_hist_, f_hist_;
  // PE registers, row-major.
  std::vector<int64_t> a_q_, b_q_;
  std::vector<uint64_t> acc_;
  std::vector<uint8_t> v_q_, f_q_;
  uint64_t in_flight_ = 0;  // valid bits currently held in skew and PE registers
  ArrayOutputs out_;
};

}  // namespace tpe
