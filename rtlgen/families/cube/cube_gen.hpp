// Generator of the cube engine: X x Y cells (rtlgen/families/cube/cube_cell_gen)
// behind one input register, with a row read-out and the `idle` status. The
// register structure is documented in docs/families/cube.md and mirrored by
// sim/families/cube/cube_model.
#pragma once
#include "models/engine/engine_config.hpp"
#include "rtlgen/ir/ir.hpp"

namespace tpe::rtl {

Design generate_cube(const EngineConfig& cfg);

}  // namespace tpe::rtl
