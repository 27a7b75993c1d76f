// Verilog generator of the lmul family (docs/families/lmul.md): rows x cols
// PEs, each an L-Mul multiplier and an fp32 RNE adder
// (lmul_units_gen.hpp) around its fp32 accumulator register; operands
// broadcast along rows (a_vec lane i) and columns (b_vec lane j).
#pragma once
#include <string>

#include "models/engine/engine_config.hpp"
#include "rtlgen/ir/ir.hpp"

namespace tpe::rtl {

std::string lmul_pe_name(const EngineConfig& cfg);
Design generate_lmul(const EngineConfig& cfg);

}  // namespace tpe::rtl
