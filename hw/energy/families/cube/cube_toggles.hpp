// Switching activity of a cube on a real workload, measured from the operand
// streams.
//
// The recorder sits between the controller and an array device (the C++
// model or the Verilated RTL). The cube's input register loads only on a
// valid feed, and every cell of row i sees the same A lanes (every cell of
// column j the same B lanes), so the cells' operand toggles follow from the
// sequence of valid feeds; the recorder also recomputes every cell's
// reduction and accumulator values to count their register toggles. OPT1
// cells hold those values as carry-save pairs: their toggles are counted as
// the baseline's values (the fit's per-bit energy absorbs the difference).
//
// Counts (ToggleCounts::bits): pe_operand_bits (cell a_in + b_in, summed
// over every cell), pe_register_bits (reduction, accumulator, valid and
// first registers of every cell), top_register_bits (the input register, the
// top's valid copies and the output register).
#pragma once
#include <cstdint>
#include <vector>

#include "hw/energy/family_energy.hpp"
#include "models/engine/engine_config.hpp"
#include "models/families/cube/cube_spec.hpp"
#include "sim/core/array_io.hpp"

namespace tpe::cube {

class CubeToggleRecorder final : public hw::ToggleRecorder {
 public:
  CubeToggleRecorder(const EngineConfig& cfg, ArrayDevice& inner);
  const ArrayOutputs& tick(const ArrayInputs& in) override;
  hw::ToggleCounts result(const ActivityTrace& trace) const override;

 private:
  void feed(const std::vector<int64_t>& a, const std::vector<int64_t>& b, bool first);
  void read(int row);

  EngineConfig cfg_;
  Params p_;
  PortLayout layout_;
  int in_valid_, in_first_, a_vec_, b_vec_, rd_en_, rd_row_;
  int dot_bits_;
  // Last values the registers hold.
  std::vector<int64_t> a_q_, b_q_, dot_, acc_, out_;
  bool f_q_ = false, v_q_ = false;
  uint64_t a_tog_ = 0, b_tog_ = 0, f_tog_ = 0, v_tog_ = 0, dot_tog_ = 0, acc_tog_ = 0, out_tog_ = 0;
  std::vector<int64_t> last_port_a_, last_port_b_;
  uint64_t port_a_tog_ = 0, port_b_tog_ = 0;
};

}  // namespace tpe::cube
