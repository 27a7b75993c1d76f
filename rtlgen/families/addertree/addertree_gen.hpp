// Generator of the multiplier-adder tree engine: the top's input register
// (activations broadcast to every unit, one partial-sum lane per unit) and
// N dot-product units (dpu_gen, or the OPT2 unit of opt2_dpu_gen with the
// Booth encoders shared per tree row in the top). The register structure is
// documented in docs/families/addertree.md and mirrored by
// sim/families/addertree/addertree_model.
#pragma once
#include "models/engine/engine_config.hpp"
#include "rtlgen/ir/ir.hpp"

namespace tpe::rtl {

Design generate_addertree(const EngineConfig& cfg);

}  // namespace tpe::rtl
