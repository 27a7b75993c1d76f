// Cycle model of an output-stationary systolic array, equivalent at every
// port and every valid operand to the structure rtlgen/systolic_gen emits
// (see docs/architecture.md):
//   input skew: row i of A passes i+1 registers, column j of B passes j+1;
//   PE(i,j): on a valid operand, acc <= (first ? 0 : acc) + a*b, and a/b/valid/first
//   move one PE right (a) or down (b) per cycle;
//   read-out: rd_en samples accumulator row rd_row into the output register.
// Representation, for speed: an operand reaching PE(i,j) was sampled i+j
// edges before, so the a/valid/first registers of a whole PE row are one
// contiguous window of an input-history ring (no shifting); b rows move
// down by rotating row buffers. Registers that hold no valid operand are not
// kept bit-identical to the RTL's, since nothing reads them.
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
  // Index of age `age` (0 = newest input) in a mirrored ring.
  size_t at(int age) const { return newest_ + size_t(age); }

  EngineConfig cfg_;
  int rows_, cols_;
  size_t depth_;  // ring length: rows + cols (the oldest input a PE can still see)
  ArrayActivity* act_;
  ArrayActivity scratch_;
  // Input history rings, each stored twice (positions p and p + depth) so
  // any depth consecutive ages are contiguous. Newest at newest_.
  std::vector<std::vector<int32_t>> a_ring_;  // per row i
  std::vector<int32_t> b_ring_;               // depth x cols, not mirrored (gathered once per cycle)
  std::vector<uint32_t> v_ring_, f_ring_;
  size_t newest_ = 0;
  uint64_t valid_in_ring_ = 0;
  // b registers: PE row i reads b_rows_[order_[i]].
  std::vector<std::vector<int32_t>> b_rows_;
  std::vector<size_t> order_;
  std::vector<uint64_t> acc_;
  uint64_t pe_valid_ = 0;  // valid bits held by PEs
  ArrayOutputs out_;
};

}  // namespace tpe
