// Cycle model of the shiftadd array: on every cycle its ports equal those of
// the RTL that rtlgen/families/shiftadd emits. At an edge with in_valid,
// every row r builds the table of its 8 act lanes and every PE (r, c) takes
// acc = (first ? 0 : acc) + sum over planes b and terms t of
// sign * (table_r[code byte] << shift), wrapped to acc_bits (one block per
// edge, no pipeline); out_valid after the edge = (in_valid && last) at it;
// c_vec always shows the accumulators.
#pragma once
#include <cstdint>
#include <vector>

#include "models/families/shiftadd/shiftadd_spec.hpp"
#include "sim/core/array_device.hpp"

namespace tpe::shiftadd {

enum Counter { kMac = 0, kTableBuilds, kLookups, kShiftAdds, kResultValues, kCounters };

class ShiftAddModel final : public ArrayDevice {
 public:
  explicit ShiftAddModel(const EngineConfig& cfg);
  void reset() override;
  const ArrayOutputs& tick(const ArrayInputs& in) override;
  const std::vector<uint64_t>* counters() const override { return &counts_; }

 private:
  PortLayout layout_;
  Params p_;
  int in_valid_, first_, last_, act_, code_, alpha_, out_valid_, c_vec_;  // port indices
  std::vector<uint64_t> counts_;
  ArrayOutputs out_;
};

}  // namespace tpe::shiftadd
