// Which bits of a module's signals are constants whatever its inputs: a
// three-valued (0 / 1 / unknown) analysis of the IR, module by module, the way
// hierarchical synthesis sees it (inputs unknown; an instance's outputs as
// its module's analysis found them; a register bit constant when its next
// value is that constant and its reset value, if any, agrees).
//
// Why: Yosys ties such an output bit of a submodule to a constant
// (`assign p[0] = 1'b0;` in the netlist), and OpenSTA 2.0.17 crashes in
// report_power on some of those (docs/synthesis.md, "OpenSTA crash"). The
// check refuses them so a generator cannot bring the pattern back; the
// analysis is conservative (it finds what constant folding finds, not what a
// SAT solver would), so it is a guard, not a proof.
#pragma once
#include <map>
#include <string>
#include <vector>

#include "rtlgen/ir/ir.hpp"

namespace tpe::rtl {

// One value per bit, least significant first: 0, 1, or -1 (unknown).
using KnownBits = std::vector<int>;

// Per module name, per signal name: its known bits.
std::map<std::string, std::map<std::string, KnownBits>> constant_bits(const Design& d);

// Takes the constant bits off every submodule's output ports, bottom-up: the
// port keeps only its live bits (a port with none goes), the module keeps the
// full value in a wire `<port>_full`, and each user restores the constants
// around the live bits it receives (`assign <target> = {..., 1'b0, live, ...}`),
// where they are plain constant nets of the user, which OpenSTA prices
// without trouble. A design without such bits is returned unchanged (so its
// Verilog and every cache key built from it stay the same). Throws
// std::logic_error when a user connects such a port to part of a signal
// (the restoring assign needs the whole signal).
Design hoist_constant_outputs(Design d);

// Sinks constant input bits into a submodule when every instance drives the
// same constant on them: the port keeps only the other bits and the module
// rebuilds the value in `<port>_full`. OpenSTA 2.0.17 crashes on a constant
// crossing a port in that direction too (docs/synthesis.md).
Design sink_constant_inputs(Design d);

// Both, repeated until nothing changes; a design in which hoisting finds
// nothing is returned unchanged (sinking alone is not applied, so designs
// without constant submodule outputs keep their Verilog and cache keys).
Design remove_constant_ports(Design d);

// Output bits of submodules (every module but the top) that are constants:
// one message per port naming the module, the port and the bits.
std::vector<std::string> check_constant_outputs(const Design& d);

}  // namespace tpe::rtl
