// Cycle model of the L-Mul array: on every cycle its ports equal those of the
// RTL that rtlgen/families/lmul emits. At an edge with in_valid, every PE
// (i, j) takes acc = fp_add(first ? +0 : acc, lmul(a_i, b_j)) (one MAC per
// edge, no pipeline); out_valid after the edge = (in_valid && last) at it;
// c_vec always shows the accumulators.
#pragma once
#include <cstdint>
#include <vector>

#include "models/engine/engine_config.hpp"
#include "models/formats/float_formats.hpp"
#include "sim/core/array_device.hpp"

namespace tpe::lmul {

enum Counter { kMac = 0, kOperandBits = 1, kResultValues = 2, kCounters = 3 };

class LmulModel final : public ArrayDevice {
 public:
  explicit LmulModel(const EngineConfig& cfg);
  void reset() override;
  const ArrayOutputs& tick(const ArrayInputs& in) override;
  const std::vector<uint64_t>* counters() const override { return &counts_; }

 private:
  PortLayout layout_;
  const FloatFormat& format_;
  int rows_, cols_;
  int in_valid_, first_, last_, a_vec_, b_vec_, out_valid_, c_vec_;  // port indices
  std::vector<uint64_t> counts_;
  ArrayOutputs out_;
};

}  // namespace tpe::lmul
