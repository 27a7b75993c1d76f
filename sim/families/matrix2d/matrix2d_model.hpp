// Cycle model of the 2-D matrix array; on every cycle its ports (out_valid,
// c_vec, idle) equal those of the RTL rtlgen/families/matrix2d emits. The
// registers, each sampling the values from before the edge:
//   edge (broadcast) registers: on in_valid, a_q[i] <= a_vec[i],
//     b_q[j] <= b_vec[j], f_q <= in_first; v_q <= in_valid always;
//   PE(i,j): on v_q, acc(i,j) <= (f_q ? 0 : acc(i,j)) + a_q[i]*b_q[j],
//     wrapped to acc_bits (the model keeps it modulo 2^64 and wraps on
//     the way out: the low acc_bits bits are the same);
//   read-out: on rd_en, c_vec <= accumulator row rd_row (0 for a row number
//     past the array, as the RTL's one-hot select gives), out_valid <= rd_en;
//   idle = !v_q: no operand waits in the broadcast registers, so every
//     accumulator holds all it was fed.
// With "schedule":"overlap" an edge register l_q loads in_last with the
// operands, each PE on v_q && l_q also copies its new accumulator into a
// shadow register, and the read-out selects the shadows.
// Both PE variants have these ports and this timing (OPT1 keeps the
// accumulator as sum + carry and adds them at the read-out).
//
// A PE row's update is one vectorized axpy over the columns, so a cycle
// costs R vector operations of C lanes.
#pragma once
#include <cstdint>
#include <vector>

#include "models/engine/engine_config.hpp"
#include "sim/core/array_device.hpp"
#include "sim/core/array_io.hpp"
#include "sim/core/port_lanes.hpp"

namespace tpe::matrix2d {

class Matrix2dModel final : public ArrayDevice {
 public:
  explicit Matrix2dModel(const EngineConfig& cfg);
  void reset() override;
  const ArrayOutputs& tick(const ArrayInputs& in) override;
  const std::vector<uint64_t>* counters() const override { return &counts_; }

 private:
  void read_row(int64_t row);
  void accumulate();
  void load_broadcast(const ArrayInputs& in);

  int rows_, cols_;
  int a_bits_, b_bits_;
  PortLayout layout_;
  bool overlap_;
  int in_valid_, in_first_, in_last_ = -1, a_vec_, b_vec_, rd_en_, rd_row_, out_valid_, c_vec_, idle_;  // port indices
  PortLanes a_port_, b_port_, acc_port_;  // what the operand ports hold; accumulators wrapped to acc_bits
  // Registers.
  std::vector<int32_t> a_q_, b_q_;  // broadcast registers: port values of the last valid operands
  bool v_q_ = false, f_q_ = false, l_q_ = false;
  std::vector<uint64_t> acc_;       // rows x cols, modulo 2^64
  std::vector<uint64_t> shadow_;    // overlap: rows x cols, the last tile's sums
  std::vector<int32_t> a_next_, b_next_;  // scratch: this edge's operands
  std::vector<uint64_t> counts_;    // in the order of matrix2d_counters.hpp
  ArrayOutputs out_;
};

}  // namespace tpe::matrix2d
