// Generates the C++ shim compiled with a Verilated model into a shared
// library: a C ABI (create, set/get a port by index as 32-bit words, eval)
// so one tpe binary can load the RTL of any config with dlopen.
#pragma once
#include <string>

#include "rtlgen/ir/ir.hpp"

namespace tpe::hw {

// The shim for `top` (the Verilated class is always Vtop: --prefix Vtop).
// `trace`: for a model verilated with --trace, also tpe_rtl_trace_open /
// _dump / _close (a VCD waveform of every signal).
std::string verilator_shim_source(const rtl::Module& top, bool trace = false);

}  // namespace tpe::hw
