// Checking passes over a Design. Each returns the problems it found as
// readable messages naming the module and signal; check_design runs them all.
#pragma once
#include <string>
#include <vector>

#include "rtlgen/ir/constant_bits.hpp"
#include "rtlgen/ir/ir.hpp"

namespace tpe::rtl {

// Names are legal Verilog identifiers, not keywords, and unique per module;
// every reference names a declared signal of the right width.
std::vector<std::string> check_names(const Design& d);
// Widths: assignments, register updates and instance connections match.
std::vector<std::string> check_widths(const Design& d);
// Every bit of every wire, register and output is driven exactly once, inputs
// are never driven inside, registers only by the clocked block (so no latch
// can exist), and every instance port is connected once.
std::vector<std::string> check_drivers(const Design& d);
// No combinational loop, through instances too (using each submodule's
// input-to-output combinational paths).
std::vector<std::string> check_comb_loops(const Design& d);

// check_constant_outputs (rtlgen/ir/constant_bits.hpp): no submodule output bit
// is a constant.

// All of the above; throws std::runtime_error listing every problem.
void check_design(const Design& d);

}  // namespace tpe::rtl
