// Verilog generator of the mixed family (docs/families/mixed.md), pe w4a16:
// one dequantizer per weight column (w16 = fp16 fma(q, s, fp16(-(s*z))),
// built from the exact fp16 multiplier, the fp32 adder of the lmul family
// and fp32 -> fp16 rounding; exact because the fma's sum fits in fp32), its
// w16 broadcast down the column; rows x cols PEs, each an exact fp16
// multiplier and an fp32 RNE adder around its fp32 accumulator register;
// activations broadcast along rows (a_vec lane i).
#pragma once
#include <string>

#include "models/engine/engine_config.hpp"
#include "rtlgen/ir/ir.hpp"

namespace tpe::rtl {

std::string mixed_pe_name(const EngineConfig& cfg);
constexpr const char* kW4a16DequantName = "w4a16_dequant";
Design generate_mixed(const EngineConfig& cfg);

}  // namespace tpe::rtl
