// Generator of the 2-D matrix array top: the broadcast registers at the
// array's edge, R x C PEs on the row and column broadcast wires, the
// one-hot row read-out and `idle`. The register structure is the one
// sim/families/matrix2d/matrix2d_model describes (docs/families/matrix2d.md).
#pragma once
#include "models/engine/engine_config.hpp"
#include "rtlgen/ir/ir.hpp"

namespace tpe::rtl {

Design generate_matrix2d(const EngineConfig& cfg);

}  // namespace tpe::rtl
