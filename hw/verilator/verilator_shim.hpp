// Generates the C++ shim compiled with a Verilated model into a shared
// library: a C ABI (create, set/get a port by index as 32-bit words, eval)
// so one tpe binary can load the RTL of any config with dlopen.
#pragma once
#include <string>

#include "rtlgen/ir/ir.hpp"

namespace tpe::hw {

// The shim for `top` (the Verilated class is always Vtop: --prefix Vtop).
std::string verilator_shim_source(const rtl::Module& top);

}  // namespace tpe::hw
