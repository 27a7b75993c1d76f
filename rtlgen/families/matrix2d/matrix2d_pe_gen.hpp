// Processing elements of the 2-D matrix array. Neither forwards anything:
// its operands arrive on the row's and the column's broadcast wires. Module
// names encode every parameter (Yosys 0.23 cannot chparam nested modules),
// e.g. "pe_m2d_i8i8_acc32", "pe_m2d_opt1_i8i8_acc32".
#pragma once
#include <string>

#include "models/engine/engine_config.hpp"
#include "rtlgen/ir/ir.hpp"

namespace tpe::rtl {

// Baseline MAC PE. Ports: clk rst a_in b_in v_in f_in -> acc.
// On v_in: acc <= (f_in ? 0 : acc) + a_in*b_in (modulo 2^acc_bits).
Module make_matrix2d_pe(const EngineConfig& cfg);

// The seed paper's OPT1 PE (compressed accumulation) for the broadcast
// array. Ports: clk rst a_in b_in v_in f_in -> acc_s acc_c; on v_in the
// radix-4 Booth partial products of a_in*b_in and the fed-back sum and carry
// (zero on f_in) are reduced by one carry-save tree into the new sum and
// carry. acc_s + acc_c (modulo 2^acc_bits) equals the baseline's acc; the
// carry-propagate add happens once per value, at the array's read-out.
Module make_matrix2d_opt1_pe(const EngineConfig& cfg);

// With "schedule":"overlap" both PEs (module names with "_sh") take an
// input l_in and keep their accumulators internal: on v_in && l_in each
// accumulator's new value is also written to a shadow output `<acc>_sh`
// (acc_sh; OPT1: acc_s_sh, acc_c_sh), which the read-out selects.
std::string pe_name(const EngineConfig& cfg);
SignalKind accumulator_kind(const EngineConfig& cfg);  // Output, or Reg under a shadow
void add_shadow(Module& m, const std::string& acc, const ExprP& next);

// A PE's register enable: v_in, held off while rst is high (the broadcast
// valid is reset as well; this makes rst a real input of every PE, which
// the IR's checks ask of a module with registers).
ExprP pe_enable(const Module& m);

}  // namespace tpe::rtl
