// Cycle model of the lutgemm array: on every cycle its ports equal those of
// the RTL that rtlgen/families/lutgemm emits. At an edge with in_valid, every
// row r builds the fp16 table of its 8 act lanes and every PE (r, c) takes
//   s_b = (first ? +0 : t_b) + table_r[code byte b],  s_bias = (first ? +0 : t_bias) + table_r[255]
//   fold:  y = fold(first ? +0 : y, alpha, s, q_bias, s_bias), t = +0
//   else:  y = (first ? +0 : y), t = s
// (one block per edge, no pipeline); out_valid after the edge = (in_valid &&
// last) at it; c_vec always shows the y registers.
#pragma once
#include <cstdint>
#include <vector>

#include "models/families/lutgemm/lutgemm_spec.hpp"
#include "sim/core/array_device.hpp"

namespace tpe::lutgemm {

enum Counter { kMac = 0, kTableBuilds, kLookups, kFolds, kResultValues, kCounters };

class LutGemmModel final : public ArrayDevice {
 public:
  explicit LutGemmModel(const EngineConfig& cfg);
  void reset() override;
  const ArrayOutputs& tick(const ArrayInputs& in) override;
  const std::vector<uint64_t>* counters() const override { return &counts_; }

 private:
  PortLayout layout_;
  Params p_;
  int in_valid_, first_, last_, fold_, act_, code_, alpha_, bias_, out_valid_, c_vec_;  // port indices
  std::vector<uint16_t> sums_;  // per PE: q plane sums, then the bias sum
  std::vector<uint64_t> counts_;
  ArrayOutputs out_;
};

}  // namespace tpe::lutgemm
