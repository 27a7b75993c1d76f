// Generator of the systolic engine (OS, WS and IS): a PE module and an array
// top with its input skew, output read-out / de-skew and `idle` status. WS
// and IS are one generator (the roles of A and B exchanged). The register
// structure is documented in docs/families/systolic.md and mirrored by
// sim/families/systolic/systolic_{os,stationary}_model.
#pragma once
#include "models/engine/engine_config.hpp"
#include "rtlgen/ir/ir.hpp"

namespace tpe::rtl {

Design generate_systolic(const EngineConfig& cfg);

// Top-level module name for a config, e.g. "systolic_os_16x16_i8i8_acc32".
std::string systolic_top_name(const EngineConfig& cfg);

}  // namespace tpe::rtl
