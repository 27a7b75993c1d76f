// Cycle model of a weight-stationary systolic array, register for register
// the structure rtlgen/systolic_gen emits (see docs/architecture.md):
//   weight load: a row of weights enters at the top and every weight register
//   shifts down one row per w_load cycle (R cycles fill the array);
//   input skew: row i of A passes i+1 registers, column j of the incoming
//   partial sums passes j+1;
//   PE(i,j): on a valid operand, psum_out <= psum_in + a*w(i,j); a moves right,
//   the partial sum moves down;
//   output de-skew: column j passes C-1-j more registers so a whole row of C
//   leaves at once, valid with the bottom-right PE.
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

  EngineConfig cfg_;
  int rows_, cols_;
  bool result_signed_;
  ArrayActivity* act_;
  ArrayActivity scratch_;
  std::vector<int64_t> w_;                       // stationary weights, row-major
  std::vector<std::vector<int64_t>> a_skew_;     // row i: i+1 stages
  std::vector<std::vector<uint64_t>> p_skew_;    // column j: j+1 stages
  std::vector<std::vector<uint64_t>> deskew_;    // column j: C-1-j stages
  std::vector<uint8_t> v_hist_;                  // valid sampled d edges ago (shared by all rows)
  std::vector<int64_t> a_q_;
  std::vector<uint64_t> ps_q_;                   // modulo 2^64, wrapped to acc_bits at the output
  std::vector<uint8_t> v_q_;
  uint64_t in_flight_ = 0;
  ArrayOutputs out_;
};

}  // namespace tpe
