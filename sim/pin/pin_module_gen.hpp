// Generates the C++ header of a configuration's pin-level SystemC module
// (see pin_level.hpp) and of a testbench template that drives any module
// with the same ports (the generated one or the Verilator --sc model of
// the generated Verilog) from the family's controller. Family-agnostic: the
// ports come from the family's port list.
#pragma once
#include <string>

#include "models/engine/engine_config.hpp"

namespace tpe {

// `top` is the RTL top module's name: the module is `<top>_pins`, the
// testbench `<top>_bench<Dut>`, both in namespace tpe_pins.
std::string systemc_pin_module_header(const EngineConfig& cfg, const std::string& top);

}  // namespace tpe
