// Building blocks the array generators share: indexed signal names, lanes of
// packed ports, balanced OR trees, and the output-stationary row read-out.
#pragma once
#include <string>
#include <vector>

#include "rtlgen/ir/ir.hpp"

namespace tpe::rtl {

// "<prefix>_<i>" and "<prefix>_<i>_<j>": the names of per-row / per-PE signals.
std::string signal_name(const char* prefix, int i);
std::string signal_name(const char* prefix, int i, int j);

// Lane i of a packed vector port or register: bits [i*w +: w].
ExprP lane(const Module& m, const std::string& port, int i, int w);

// Balanced OR tree of equal-width terms (keeps the emitted nesting shallow).
ExprP or_tree(std::vector<ExprP> terms);

// The read-out of an output-stationary array of rows x cols accumulators
// named `<acc>_<i>_<j>` (one name, or the sum and carry halves of a
// carry-save accumulator): rd_en samples row rd_row (a one-hot AND-OR
// select, lane j = column j) into the output register c_vec, out_valid one
// edge later. With two halves, one carry-propagate adder per column adds
// them: the only carry-propagate adders of carry-save accumulators.
void add_row_readout(Module& top, const std::vector<const char*>& acc_names, int rows, int cols, int acc_bits,
                     int row_bits);

}  // namespace tpe::rtl

namespace tpe::rtl {

// The same read-out with its select logic replicated per column, for arrays
// whose rows are too wide for one select net: each column is an instance of
// the module make_readout_column returns (decode of rd_row, AND-OR select of
// the column's `rows` words, the carry-propagate add of two halves, and the
// column's slice of the output register, loaded on rd_en). A decoded select
// then drives one column's acc_bits gates instead of cols*acc_bits, and the
// copies stay apart because synthesis keeps the hierarchy (a flattening flow
// would have to keep these instances). Same ports and timing as add_row_readout.
// `half_bits`: the width of each accumulator half (acc_bits, or less for a
// carry-save half whose low bits are zero by construction).
// `quiet_select`: the row selects include rd_en (module name ends in "_q"),
// so the AND-OR tree stays still while live accumulators change between
// reads (the 2-D matrix array reads its accumulators, not shadows).
Module make_readout_column(const std::vector<int>& half_bits, int rows, int acc_bits, int row_bits,
                           bool quiet_select = false);
void add_column_readout(Module& top, const Module& column, const std::vector<const char*>& acc_names, int rows,
                        int cols);

}  // namespace tpe::rtl
