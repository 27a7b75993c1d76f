// Cycle model of a weight-stationary systolic array: on every cycle its
// ports (out_valid, c, idle) equal those of the RTL rtlgen/systolic_gen
// emits (see docs/architecture.md):
//   weight load: a row of weights enters at the top and every weight register
//   shifts down one row per w_load cycle (R cycles fill the array);
//   input skew: row i of A passes i+1 registers, column j of the incoming
//   partial sums passes j+1;
//   PE(i,j): on a valid operand, psum_out <= psum_in + a*w(i,j); a moves right,
//   the partial sum moves down, so PE(i,j) processes the row sampled at edge
//   t at edge t+1+i+j;
//   output de-skew: column j passes C-1-j more registers so a whole row of C
//   leaves at once through the output register, at edge t+R+C.
//
// Evaluation is lazy: each row in flight is kept with its operands, and its
// result c[j] = psum[j] + sum_i a[i]*w(i,j) is computed when it leaves. A
// weight load while rows are in flight first adds, with the old weights, the
// products those rows' PEs have already made, so the result is exact for
// any stimulus, not only for the controller's schedule.
#pragma once
#include <cstdint>
#include <deque>
#include <vector>

#include "activity.hpp"
#include "array_device.hpp"
#include "engine_config.hpp"
#include "valid_window.hpp"

namespace tpe {

class SystolicWsModel final : public ArrayDevice {
 public:
  explicit SystolicWsModel(const EngineConfig& cfg, ArrayActivity* activity = nullptr);
  void reset() override;
  const ArrayOutputs& tick(const ArrayInputs& in) override;
  const char* kind() const override { return "model"; }
  const ArrayActivity* activity() const override { return act_; }

 private:
  struct RowInFlight {
    uint64_t sampled = 0;            // edge at which the row entered the skew
    uint64_t resolved = 0;           // products made at edges <= this are in `sum`
    std::vector<int32_t> a;          // R operands
    std::vector<uint64_t> sum;       // C partial sums (incoming psum + resolved products), mod 2^64
  };
  // Adds the products PE(i,j) made for `row` at edges in (row.resolved, upto].
  void resolve(RowInFlight& row, uint64_t upto) const;

  EngineConfig cfg_;
  int rows_, cols_;
  bool result_signed_;
  ArrayActivity* act_;
  ArrayActivity scratch_;
  std::vector<int32_t> w_;  // stationary weights, row-major
  std::deque<RowInFlight> in_flight_;
  ValidWindow valid_;  // valid bits of the last rows+cols inputs: counters and `idle`
  uint64_t edge_ = 0;
  ArrayOutputs out_;
};

}  // namespace tpe
