// What crosses the boundary between a controller and an array in one clock
// cycle. The same struct drives the SystemC cycle model and the Verilated RTL
// (whose top-level ports carry exactly these fields, lane i of a vector at
// bits [i*w +: w]), so both see identical stimulus.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace tpe {

struct ArrayInputs {
  // Operand streams. OS: a = column k of the A tile (R lanes), b = row k of
  // the B tile (C lanes), in_first marks k = 0 (clears the accumulators).
  // WS: a = row m of the A tile (R lanes, one per K row), psum = partial sums
  // of row m entering the top of the columns (C lanes).
  bool in_valid = false;
  bool in_first = false;
  std::vector<int64_t> a, b, psum;
  // WS weight load: one row of the K x N weight tile shifts in at the top.
  bool w_load = false;
  std::vector<int64_t> w;
  // OS read-out: row `rd_row` of the accumulators appears on c next cycle.
  bool rd_en = false;
  int rd_row = 0;

  bool any_activity() const { return in_valid || w_load || rd_en; }
};

struct ArrayOutputs {
  bool idle = true;       // no operand or partial sum in flight
  bool out_valid = false;
  std::vector<int64_t> c; // C lanes, valid when out_valid
};

// One-line renderings used by the per-cycle text trace; identical for the
// model and the RTL so that traces diff as text.
std::string format_inputs(const ArrayInputs& in);
std::string format_outputs(const ArrayOutputs& out);

}  // namespace tpe
