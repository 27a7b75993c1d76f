// Cycle model of the stationary systolic arrays, weight-stationary (WS) and
// input-stationary (IS): one array with the roles of A and B exchanged
// (StationaryRoles in models/families/systolic/systolic_spec.hpp). On every
// cycle its ports (out_valid, c, idle) equal those of the RTL
// rtlgen/families/systolic/systolic_gen emits (docs/families/systolic.md):
//   load: while the load strobe (WS w_load, IS a_load) is set, a row of held
//   operands (WS a row of B, IS a row of A^T) enters at the top and every
//   held register shifts down one row (R cycles fill the array);
//   input skew: row i of the streamed vector (WS a row of A, IS a column of
//   B) passes i+1 registers, column j of the incoming partial sums j+1;
//   PE(i,j): on a valid operand, psum_out <= psum_in + x*h(i,j) (x streamed,
//   h held); x moves right, the partial sum moves down, so PE(i,j) processes
//   the vector sampled at edge t at edge t+1+i+j;
//   output de-skew: column j passes C-1-j more registers so a whole row of C
//   leaves at once through the output register, at edge t+R+C.
// The OPT1 PE passes the partial sum down as sum and carry and the array adds
// them at the bottom of each column; the value is the same, so is this model.
//
// With the overlapped schedule ("schedule":"overlap", double-buffered held
// operands) the load strobe shifts a second, shadow register chain instead,
// while the PEs compute with their active registers; a swap token
// (`in_swap`, skewed like the streamed vectors and moving every edge) makes
// each PE, as it passes, copy its shadow into its active register, for the
// vectors that follow it. Every vector therefore meets one "generation" of
// active operands at every PE: the shadows as the token before it found
// them, PE by PE.
//
// Evaluation is lazy: each vector in flight is kept with its operands, and its
// result c[j] = psum[j] + sum_i x[i]*h(i,j) is computed when it leaves. A
// load while vectors are in flight first adds, with the old held operands,
// the products those vectors' PEs have already made, so the result is exact
// for any stimulus, not only for the controller's schedule.
#pragma once
#include <cstdint>
#include <vector>

#include "models/engine/engine_config.hpp"
#include "models/families/systolic/systolic_spec.hpp"
#include "sim/core/activity.hpp"
#include "sim/core/array_device.hpp"
#include "sim/families/systolic/systolic_counters.hpp"
#include "sim/core/port_lanes.hpp"
#include "sim/core/row_kernels.hpp"
#include "sim/core/valid_window.hpp"

namespace tpe::systolic {

class SystolicStationaryModel final : public ArrayDevice {
 public:
  explicit SystolicStationaryModel(const EngineConfig& cfg);
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
  // Overlap: the active operands of a generation, fixed anti-diagonal by
  // anti-diagonal as its swap vector passes (a load mid-wave changes the
  // shadows only for the PEs the wave has not reached yet).
  struct Generation {
    uint64_t id, swap_edge;
    int fixed_diag;  // PEs with i+j <= fixed_diag hold their final values
    std::vector<int32_t> w;
  };
  void fix_generation(Generation& g, int64_t upto_diag);
  Generation& generation(uint64_t id);
  void tick_overlap_load(const ArrayInputs& in, uint64_t edge);

  EngineConfig cfg_;
  PortLayout layout_;
  bool overlap_;
  int in_swap_ = -1;
  std::vector<int32_t> sh_;            // overlap: the shadow chain the loads shift (R x C)
  std::vector<Generation> gens_;       // overlap: generations still used by vectors in flight, oldest first
  uint64_t gen_count_ = 0;             // overlap: id of the newest generation
  std::vector<uint64_t> row_gen_;      // overlap: per slot, the generation the vector uses
  int in_valid_, x_vec_, p_vec_, load_, load_vec_, out_valid_, c_vec_, idle_;  // port indices (x: streamed)
  std::vector<uint64_t> counts_;  // in the order of systolic_counters.hpp
  int rows_, cols_;
  int stream_bits_;  // bits of a streamed operand (the skew counters)
  PortLanes x_port_, h_port_, acc_;  // streamed and held operands as their ports hold them; accumulator wrap
  OperandDotProducts dots_;  // a whole streamed vector through the held operands
  std::vector<int32_t> w_;  // held operands (WS weights, IS activations), row-major R x C
  size_t slots_, head_ = 0, in_flight_ = 0;
  std::vector<uint64_t> sampled_;   // per slot: edge at which the row entered the skew
  std::vector<uint64_t> resolved_;  // per slot: products made at edges <= this are in the sum
  std::vector<int32_t> row_a_;      // per slot: R streamed operands
  std::vector<uint64_t> row_sum_;   // per slot: C partial sums (incoming psum + resolved products), mod 2^64
  ValidWindow valid_;  // valid bits of the last rows+cols inputs: counters and `idle`
  uint64_t edge_ = 0;
  ArrayOutputs out_;
};

}  // namespace tpe::systolic
