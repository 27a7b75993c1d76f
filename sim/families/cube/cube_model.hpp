// Cycle model of the cube: on every cycle its ports (out_valid, c_vec, idle)
// equal those of the RTL rtlgen/families/cube/cube_gen emits
// (docs/families/cube.md):
//   edge t   input register: on in_valid, a_q <= a_vec, b_q <= b_vec,
//            f_q <= in_first; v_q <= in_valid;
//   edge t+1 cell (i,j) reduction register: on v_q,
//            dot <= sum_k a_q(i,k) * b_q(k,j); f_d <= f_q; v_d <= v_q;
//   edge t+2 accumulator: on v_d, acc <= (f_d ? 0 : acc) + dot;
//   read-out: on rd_en, c_vec <= accumulator row rd_row (0 for rows >= X),
//            out_valid <= rd_en;
//   idle = !(v_q | v_d).
// The OPT1 cell keeps dot and acc as carry-save pairs whose sums are these
// values, and adds the pair at the read-out: the same ports, cycle by cycle.
//
// A feed costs one X x Z by Z x Y block product, the work the hardware does;
// nothing is evaluated on cycles without valid data in flight. Values are
// kept modulo 2^64 and wrapped to acc_bits at the read-out port (every
// register width >= acc_bits keeps the low acc_bits bits exact).
#pragma once
#include <cstdint>
#include <vector>

#include "models/engine/engine_config.hpp"
#include "models/families/cube/cube_spec.hpp"
#include "sim/core/array_device.hpp"
#include "sim/core/port_lanes.hpp"
#include "sim/families/cube/cube_counters.hpp"

namespace tpe::cube {

class CubeModel final : public ArrayDevice {
 public:
  explicit CubeModel(const EngineConfig& cfg);
  void reset() override;
  const ArrayOutputs& tick(const ArrayInputs& in) override;
  const std::vector<uint64_t>* counters() const override { return &counts_; }

 private:
  void reduce();  // dot <= a_q x b_q

  EngineConfig cfg_;
  Params p_;
  PortLayout layout_;
  int in_valid_, in_first_, a_vec_, b_vec_, rd_en_, rd_row_, out_valid_, c_vec_, idle_;  // port indices
  PortLanes a_port_, b_port_, acc_port_;
  std::vector<uint64_t> counts_;  // in the order of cube_counters.hpp
  // Input register.
  bool v_q_ = false, f_q_ = false;
  std::vector<int32_t> a_q_, b_q_;  // X x Z, Z x Y, row-major, port values
  // Cell registers, X x Y row-major.
  bool v_d_ = false, f_d_ = false;
  std::vector<uint64_t> dot_, acc_;
  ArrayOutputs out_;
};

}  // namespace tpe::cube
