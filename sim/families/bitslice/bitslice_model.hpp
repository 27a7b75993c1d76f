// Cycle model of the bitslice array; on every cycle its ports (out_valid,
// c_vec, idle, ready) equal those of the RTL rtlgen/families/bitslice emits.
// Registers, each sampling the values from before the edge:
//   group registers: on in_valid, a_q[i][l] <= a_vec, b_q[j][l] <= b_vec,
//     f_q <= in_first, busy <= 1, step <= 0, T <= the group's cycles;
//   while busy, each edge is one step s = step of every PE(i,j):
//     stripes: acc(i,j) <= (f_q && s == 0 ? 0 : acc(i,j))
//              + sum_l bit_s(a_q[i][l]) * w_s(b_q[j][l]),
//              w_s(b) = b << s, negated on a signed a's top plane;
//     step <= s + 1; busy <= s + 1 < T;
//     opt3: each row i runs its own sparse sequencer over the EN-T digits
//              of its G activations (digits encoded at the load): at digit
//              position k (from 0), the lanes whose digit k is nonzero and not
//              yet issued; it issues the lowest one, and every PE(i,j) adds
//              d * b_q[j][lane] << 2k (on f_q at step 0, to zero); when at
//              most one was left (or none: one empty cycle) the row moves to
//              k + 1, after the last position it is done and adds nothing;
//     opt4c: as opt3, but the array is at one digit position k at a time:
//              every row issues its lowest nonzero digit not yet issued at
//              k (a row with none left adds nothing), and the array moves to
//              k + 1 when no row has more than the one it issues now (a
//              position with none at all: one empty cycle); the weights are
//              shifted by 2k once per column;
//     opt4e: as opt4c, with S = min(4, G) slots per row (lane l in slot l
//              mod S): each slot issues its lowest remaining digit, the S
//              partial products go into the PE group's one compressor, and
//              the array moves on when no slot of any row has another;
//     laconic: every lane of every PE(i,j) steps through the pairs (a
//              term, w term) of the nonzero MBE digits of a_q[i][l] and
//              b_q[j][l], a digits in the outer loop, both from the lowest
//              position: acc += d_a * d_w << 2(k_a + k_w); a lane whose
//              operand has no nonzero digit adds nothing;
//   read-out: on rd_en, c_vec <= accumulator row rd_row (0 past the array),
//     out_valid <= rd_en;
//   idle = !busy; ready = !busy || T - step <= 2 (a group sent now, sampled
//     two edges later, finds the last step of this one done).
// A load while busy restarts the step count with the new group.
#pragma once
#include <cstdint>
#include <vector>

#include "models/engine/engine_config.hpp"
#include "models/families/bitslice/bitslice_spec.hpp"
#include "sim/core/array_device.hpp"
#include "sim/core/array_io.hpp"
#include "sim/core/port_lanes.hpp"

namespace tpe::bitslice {

class BitsliceModel final : public ArrayDevice {
 public:
  explicit BitsliceModel(const EngineConfig& cfg);
  void reset() override;
  const ArrayOutputs& tick(const ArrayInputs& in) override;
  const std::vector<uint64_t>* counters() const override { return &counts_; }

 private:
  void read_row(int64_t row);
  void step();
  void step_stripes();
  void step_opt3();
  void step_opt4c();  // OPT4C and OPT4E
  void step_laconic();
  void load(const ArrayInputs& in);
  void update_status();

  EngineConfig cfg_;
  Params p_;
  PortLayout layout_;
  int in_valid_, in_first_, a_vec_, b_vec_, rd_en_, rd_row_, out_valid_, c_vec_, idle_, ready_;
  PortLanes a_port_, b_port_, acc_port_;
  std::vector<int64_t> a_q_, b_q_;  // group registers (values of the formats)
  bool f_q_ = false, busy_ = false;
  int step_ = 0, t_ = 0;
  // OPT3: the EN-T digits of a_q ([i*G+l][k]) and each row's sequencer.
  int digits_ = 0;
  std::vector<std::vector<int>> dig_;
  std::vector<int> row_pos_;          // digit position k
  std::vector<uint32_t> row_taken_;   // lanes issued at k
  std::vector<uint8_t> row_done_;
  int pos_ = 0;                       // OPT4C: the array's digit position (row_taken_: lanes issued at it)
  // Laconic: the MBE digits of a_q (dig_) and b_q, and per PE lane
  // ([(i*C+j)*G+l]) the a digits not yet finished and the w digits left
  // for the current a digit.
  std::vector<std::vector<int>> bdig_;
  std::vector<uint32_t> arem_, brem_;
  std::vector<uint64_t> acc_;       // rows x cols, modulo 2^64
  std::vector<uint64_t> counts_;
  ArrayOutputs out_;
};

}  // namespace tpe::bitslice
