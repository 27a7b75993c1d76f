// The cube's cell: one Z-deep multiply-reduction chain and its output-
// stationary accumulator. Module names encode every parameter (Yosys 0.23
// cannot chparam nested modules), e.g. "cube_cell_z8_i8i8_acc32".
//
// Ports: clk rst a_in (Z lanes of A's row) b_in (Z lanes of B's column) v_in f_in
//        -> acc (baseline) or acc_s acc_c (opt1).
// Two register stages (docs/families/cube.md):
//   reduction: on v_in, dot <= sum_k a_in[k]*b_in[k]; v_d <= v_in; f_d <= f_in;
//   accumulate: on v_d, acc <= (f_d ? 0 : acc) + dot.
// The critical paths are multiply + ceil(log2 Z) adder levels, and one
// accumulator add; neither grows with K.
#pragma once
#include <string>

#include "models/engine/engine_config.hpp"
#include "rtlgen/ir/ir.hpp"

namespace tpe::rtl {

// Baseline: Z multipliers, a balanced adder tree into a register of
// min(acc_bits, a.bits+b.bits+ceil(log2 Z)) bits (the exact sum's width),
// then a carry-propagate accumulator.
Module make_cube_cell(const EngineConfig& cfg);

// OPT1 (the seed paper's compressed accumulation, carried to the cube): the
// radix-4 Booth partial products of all Z products go through one carry-save
// compressor tree into a sum/carry reduction register; the accumulator adds
// that pair in a 4:2 carry-save stage and stays carry-save (acc_s, acc_c).
// The only carry-propagate add is the read-out's, outside the cell.
// acc_s + acc_c (mod 2^acc_bits) equals the baseline cell's acc.
Module make_cube_opt1_cell(const EngineConfig& cfg);

// The cell module's name for a description (either variant).
std::string cube_cell_name(const EngineConfig& cfg);

}  // namespace tpe::rtl
