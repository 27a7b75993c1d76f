// Cycle model of the multiplier-adder tree array: on every cycle its ports
// (out_valid, c_vec, idle) equal those of the RTL that
// rtlgen/families/addertree emits (docs/families/addertree.md):
//   weights: w_load shifts every unit's K weights one lane towards lane 0,
//   w_vec lane j entering unit j at lane K-1;
//   input register: in_valid samples a_vec and p_vec at edge t;
//   the units multiply that row by the weights they hold after edge t (a
//   w_load at edge t applies) and reduce it through `stages` pipeline
//   registers; the output register takes c_j = p_j + sum_k a_k w_kj at edge
//   t + stages + 1 (out_valid with it; c_vec holds its value otherwise);
//   idle: no valid row in the input or pipeline registers.
// A row's result depends only on the weights in the cycle after it is
// sampled, so the model computes it then (one vectorized K x N dot product)
// and holds it in a ring of stages+1 slots until it leaves.
#pragma once
#include <cstdint>
#include <vector>

#include "models/engine/engine_config.hpp"
#include "sim/core/array_device.hpp"
#include "sim/core/port_lanes.hpp"
#include "sim/core/row_kernels.hpp"
#include "sim/families/addertree/addertree_counters.hpp"

namespace tpe::addertree {

class AdderTreeModel final : public ArrayDevice {
 public:
  explicit AdderTreeModel(const EngineConfig& cfg);
  void reset() override;
  const ArrayOutputs& tick(const ArrayInputs& in) override;
  const std::vector<uint64_t>* counters() const override { return &counts_; }

 private:
  EngineConfig cfg_;
  PortLayout layout_;
  int in_valid_, a_vec_, p_vec_, w_load_, w_vec_, out_valid_, c_vec_, idle_;  // port indices
  int k_, n_, latency_;
  PortLanes a_port_, w_port_, acc_;
  OperandDotProducts dots_;
  std::vector<uint64_t> counts_;  // in the order of addertree_counters.hpp
  std::vector<int32_t> w_;        // weights, K x N: w_[k * N + j] is lane k of unit j
  std::vector<int32_t> row_a_;    // scratch: one row's activations as the port holds them
  // Rows in flight: the row sampled at edge t sits in slot t % latency until edge t + latency.
  std::vector<uint8_t> slot_valid_;
  std::vector<uint64_t> slot_sum_;  // per slot: N results, mod 2^64
  int in_flight_ = 0;
  uint64_t edge_ = 0;
  ArrayOutputs out_;
};

}  // namespace tpe::addertree
