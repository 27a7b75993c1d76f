// Cycle model of the mixed-precision array (pe w4a16): on every cycle its
// ports equal those of the RTL that rtlgen/families/mixed emits. At an edge
// with in_valid, column j's dequantizer forms w16_j = fp16 fma(q_j, s_j,
// fp16(-(s_j*z_j))) and every PE (i, j) takes acc = fp_add(first ? +0 : acc,
// a_i * w16_j) (the product exact in fp32; one MAC per edge, no pipeline);
// out_valid after the edge = (in_valid && last) at it; c_vec always shows
// the accumulators.
#pragma once
#include <cstdint>
#include <vector>

#include "models/engine/engine_config.hpp"
#include "sim/core/array_device.hpp"

namespace tpe::mixed {

enum Counter { kMac = 0, kDequants = 1, kOperandBits = 2, kResultValues = 3, kCounters = 4 };

class MixedModel final : public ArrayDevice {
 public:
  explicit MixedModel(const EngineConfig& cfg);
  void reset() override;
  const ArrayOutputs& tick(const ArrayInputs& in) override;
  const std::vector<uint64_t>* counters() const override { return &counts_; }

 private:
  PortLayout layout_;
  int rows_, cols_;
  int in_valid_, first_, last_, a_vec_, q_vec_, s_vec_, z_vec_, out_valid_, c_vec_;  // port indices
  std::vector<uint64_t> counts_;
  std::vector<float> w16_;  // this edge's dequantized weight per column
  ArrayOutputs out_;
};

}  // namespace tpe::mixed
