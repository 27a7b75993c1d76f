// Cycle model of an output-stationary systolic array: on every cycle its
// ports (out_valid, c, idle) equal those of the RTL rtlgen/families/systolic/systolic_gen
// emits (see docs/architecture.md):
//   input skew: row i of A passes i+1 registers, column j of B passes j+1;
//   PE(i,j): on a valid operand, acc <= (first ? 0 : acc) + a*b, and
//   a/b/valid/first move one PE right (a) or down (b) per cycle, so PE(i,j)
//   processes the operands sampled at edge t at edge t+1+i+j;
//   read-out: rd_en samples accumulator row rd_row into the output register.
// With the overlapped schedule ("schedule":"overlap") each PE also has a
// shadow register: on a valid operand with `last`, shadow <= the new
// accumulator value; rd_en samples shadow row rd_row instead, so a finished
// tile can be read while the next one is accumulating.
//
// Evaluation is lazy: the model logs the valid inputs, and when a row is
// read out it computes each accumulator from exactly the operands that PE
// has processed by that edge (since the last `first` it has seen). Per
// cycle it only updates the counters, so it costs O(R+C) per cycle plus one
// vectorized dot product per read-out value instead of R*C register updates.
#pragma once
#include <cstdint>
#include <vector>

#include "models/engine/engine_config.hpp"
#include "models/formats/matrix.hpp"
#include "sim/core/activity.hpp"
#include "sim/core/array_device.hpp"
#include "sim/families/systolic/systolic_counters.hpp"
#include "sim/core/port_lanes.hpp"
#include "sim/core/row_kernels.hpp"
#include "sim/core/valid_window.hpp"

namespace tpe::systolic {

class SystolicOsModel final : public ArrayDevice {
 public:
  explicit SystolicOsModel(const EngineConfig& cfg);
  void reset() override;
  const ArrayOutputs& tick(const ArrayInputs& in) override;
  const std::vector<uint64_t>* counters() const override { return &counts_; }

 private:
  void read_row(int row, uint64_t edge);
  void read_shadow_row(int row, uint64_t edge);  // overlap: the shadows of row `row` before `edge`
  void tile_sum(size_t lo, size_t len);          // tile_ = the entries [lo, lo+len) (cached)
  void drop_passed_entries(uint64_t edge);
  void drop_passed_entries_overlap(uint64_t edge);
  void drop_front(size_t keep_from);

  EngineConfig cfg_;
  PortLayout layout_;
  bool overlap_;
  int in_last_ = -1;
  int in_valid_, in_first_, a_vec_, b_vec_, rd_en_, rd_row_, out_valid_, c_vec_, idle_;  // port indices
  std::vector<uint64_t> counts_;  // in the order of systolic_counters.hpp
  int rows_, cols_;
  PortLanes a_port_, b_port_, acc_port_;  // port values of the operands; accumulators wrapped to acc_bits
  // Log of valid inputs, oldest first: sample edge, first flag, operands.
  std::vector<uint64_t> log_edge_;
  std::vector<uint8_t> log_first_;
  std::vector<size_t> log_segment_;     // per entry: index of the latest `first` at or before it
  std::vector<size_t> log_lasts_;       // overlap: indices of the entries with `last`, ascending
  std::vector<int32_t> log_a_, log_b_;  // entries x rows, entries x cols
  ValidWindow valid_;  // valid bits of the last rows+cols inputs: counters and `idle`
  uint64_t edge_ = 0;
  std::vector<uint64_t> acc_;  // scratch for one read-out row
  OperandDotProducts dots_;  // accumulator sums from the log
  // The settled tile (rows x cols, mod 2^64), computed from the log at its first read-out.
  std::vector<uint64_t> tile_;
  bool tile_valid_ = false;
  size_t tile_lo_ = 0, tile_len_ = 0;
  ArrayOutputs out_;
};

}  // namespace tpe::systolic
