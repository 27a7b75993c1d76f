// Generator of the systolic engine (OS and WS): a PE module and an array top
// with its input skew, output read-out / de-skew and `idle` status. The
// register structure is documented in docs/architecture.md and mirrored by
// sim/systolic_{os,ws}_model.
#pragma once
#include "models/engine/engine_config.hpp"
#include "rtlgen/ir/ir.hpp"

namespace tpe::rtl {

Design generate_systolic(const EngineConfig& cfg);

// Top-level module name for a config, e.g. "systolic_os_16x16_i8i8_acc32".
std::string systolic_top_name(const EngineConfig& cfg);

}  // namespace tpe::rtl
