// The table query that the LUT PEs share (shiftadd's integer table, lutgemm's
// fp16 table): a 256:1 mux tree over a table of 256 entries of `entry_bits`
// (entry p at lut[p*entry_bits +: entry_bits]), bit code_lo + j of `code`
// selecting at level j. `lut` and `code` are signals (the IR slices only those).
#pragma once
#include "rtlgen/ir/ir.hpp"

namespace tpe::rtl {

ExprP table_query(const ExprP& lut, int entry_bits, const ExprP& code, int code_lo);

}  // namespace tpe::rtl
