// Generator of the bitslice array top: the group registers at the array's
// edge, the step counter and its one-hot decode, the rows' bit-plane and the
// columns' weight-term broadcasts, R x C PEs, the row read-out, idle and
// ready. The register structure is the one sim/families/bitslice/
// bitslice_model describes (docs/families/bitslice.md).
#pragma once
#include "models/engine/engine_config.hpp"
#include "rtlgen/ir/ir.hpp"

namespace tpe::rtl {

Design generate_bitslice(const EngineConfig& cfg);

}  // namespace tpe::rtl
