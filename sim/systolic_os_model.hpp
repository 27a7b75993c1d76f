// Cycle model of an output-stationary systolic array, equivalent at every
// port and every valid operand to the structure rtlgen/systolic_gen emits
// (see docs/architecture.md):
//   input skew: row i of A passes i+1 registers, column j of B passes j+1;
//   PE(i,j): on a valid operand, acc <= (first ? 0 : acc) + a*b, and a/b/valid/first
//   move one PE right (a) or down (b) per cycle;
//   read-out: rd_en samples accumulator row rd_row into the output register.
// For speed, the skew chains are kept as a ring of the last inputs (stage d
// of every chain holds the input sampled d edges ago), and forwarding
// registers shift whole rows; registers that hold no valid operand are not
// kept bit-identical to the RTL's, since nothing ever reads them.
#pragma once
#include <cstdint>
#include <vector>

#include "activity.hpp"
#include "array_device.hpp"
#include "engine_config.hpp"
#include "shift_row.hpp"

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
  // Ring slot of the input sampled `age` edges before the newest one.
  size_t slot(int age) const { return head_ >= size_t(age) ? head_ - size_t(age) : head_ + depth_ - size_t(age); }

  EngineConfig cfg_;
  int rows_, cols_;
  size_t depth_;  // ring length: max(rows, cols)
  ArrayActivity* act_;
  ArrayActivity scratch_;
  // Input history ring (the skew registers).
  std::vector<std::vector<int64_t>> a_hist_, b_hist_;
  std::vector<uint8_t> v_hist_, f_hist_;
  size_t head_ = 0;
  int valid_in_ring_ = 0;
  // PE registers: per row, the a/valid/first forwarding registers shift
  // right; b rows move down, which is a rotation of row buffers.
  std::vector<ShiftRow<int32_t>> a_q_;  // operands are at most 16 bits
  std::vector<ShiftRow<uint8_t>> v_q_, f_q_;
  std::vector<std::vector<int32_t>> b_rows_;  // b_rows_[order_[i]] is PE row i
  std::vector<size_t> order_;
  std::vector<uint64_t> acc_;
  uint64_t pe_valid_ = 0;  // valid bits held by PEs
  ArrayOutputs out_;
};

}  // namespace tpe
