// Cycle model of a weight-stationary systolic array: on every cycle its
// ports (out_valid, c, idle) equal those of the RTL rtlgen/families/systolic/systolic_gen
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
#include <vector>

#include "models/engine/engine_config.hpp"
#include "sim/core/activity.hpp"
#include "sim/core/array_device.hpp"
#include "sim/families/systolic/systolic_counters.hpp"
#include "sim/core/port_lanes.hpp"
#include "sim/core/row_kernels.hpp"
#include "sim/core/valid_window.hpp"

namespace tpe::systolic {

class SystolicWsModel final : public ArrayDevice {
 public:
  explicit SystolicWsModel(const EngineConfig& cfg);
  void reset() override;
  const ArrayOutputs& tick(const ArrayInputs& in) override;
  const std::vector<uint64_t>* counters() const override { return &counts_; }

 private:
  // Rows in flight, oldest first, in a ring of rows+cols slots: a row leaves
  // exactly rows+cols edges after it entered, so no more are ever in flight,
  // and a row entering or leaving allocates nothing.
  size_t slot(size_t nth) const {  // nth < slots_: one compare instead of a division per cycle
    const size_t s = head_ + nth;
    return s < slots_ ? s : s - slots_;
  }
  // Adds the products PE(i,j) made for the row in `s` at edges in (resolved, upto].
  void resolve(size_t s, uint64_t upto);

  EngineConfig cfg_;
  PortLayout layout_;
  int in_valid_, a_vec_, p_vec_, w_load_, w_vec_, out_valid_, c_vec_, idle_;  // port indices
  std::vector<uint64_t> counts_;  // in the order of systolic_counters.hpp
  int rows_, cols_;
  PortLanes a_port_, w_port_, acc_;
  OperandDotProducts dots_;  // a whole row through the weights
  std::vector<int32_t> w_;  // stationary weights, row-major
  size_t slots_, head_ = 0, in_flight_ = 0;
  std::vector<uint64_t> sampled_;   // per slot: edge at which the row entered the skew
  std::vector<uint64_t> resolved_;  // per slot: products made at edges <= this are in the sum
  std::vector<int32_t> row_a_;      // per slot: R operands
  std::vector<uint64_t> row_sum_;   // per slot: C partial sums (incoming psum + resolved products), mod 2^64
  ValidWindow valid_;  // valid bits of the last rows+cols inputs: counters and `idle`
  uint64_t edge_ = 0;
  ArrayOutputs out_;
};

}  // namespace tpe::systolic
