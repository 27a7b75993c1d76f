// Verilog generator of the shiftadd family (docs/families/shiftadd.md): one
// table unit per array row (the 256 partial sums of its 8 activations, 255
// adders by the doubling recurrence) feeding that row's cols PEs; each PE
// selects one entry per weight plane with a 256:1 mux tree driven by the
// plane's code byte, shifts it by every APoT term with a barrel shifter,
// adds or subtracts it (or not, for a zero term) into its accumulator.
// There is no multiplier anywhere (no Op::Mul in the IR).
#pragma once
#include <string>

#include "models/engine/engine_config.hpp"
#include "rtlgen/ir/ir.hpp"

namespace tpe::rtl {

std::string shiftadd_pe_name(const EngineConfig& cfg);
std::string shiftadd_table_name(const EngineConfig& cfg);
Module make_shiftadd_table(const EngineConfig& cfg);
Module make_shiftadd_pe(const EngineConfig& cfg);
Design generate_shiftadd(const EngineConfig& cfg);

}  // namespace tpe::rtl
