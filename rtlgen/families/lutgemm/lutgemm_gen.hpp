// Verilog generator of the lutgemm family (docs/families/lutgemm.md): one
// fp16 table unit per array row (the 256 signed sums of its 8 fp16
// activations in LUT-GEMM's kernel order: the 64 direct entries by a prefix
// tree of fp16 adders that shares every left-to-right partial sum, the rest by
// the doubling recurrence; 446 fp16 adders) feeding that row's cols PEs; each
// PE selects one entry per weight plane with the shared 256:1 mux tree
// (table_query), keeps q + 1 fp16 sums and, at a group's last block, folds
// them through q + 1 fp16 multipliers and adders into its fp16 result. The
// fp16 adder and multiplier are the units the lmul and hbmpim families use
// (fp_add_e5m10, fp16_mul_rne).
#pragma once
#include <string>

#include "models/engine/engine_config.hpp"
#include "rtlgen/ir/ir.hpp"

namespace tpe::rtl {

std::string lutgemm_pe_name(const EngineConfig& cfg);
std::string lutgemm_table_name();
Module make_lutgemm_table(const std::string& adder);
Module make_lutgemm_pe(const EngineConfig& cfg, const std::string& adder, const std::string& multiplier);
Design generate_lutgemm(const EngineConfig& cfg);

}  // namespace tpe::rtl
