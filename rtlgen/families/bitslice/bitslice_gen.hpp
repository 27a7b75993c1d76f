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

// Parts the variants' tops share (bitslice_gen.cpp): the ports of
// FamilySpec::ports, and the group registers b_q_<j>_<l>, f_q (and, with
// raw_a, a_q_<i>_<l>) loading on in_valid.
void add_bitslice_ports(Module& top, int R, int C, int G, const EngineConfig& cfg);
void add_bitslice_group_registers(Module& top, int R, int C, int G, const EngineConfig& cfg, bool raw_a);

// The OPT3 top (bitslice_opt3_gen.cpp).
Design generate_opt3(const EngineConfig& cfg);

}  // namespace tpe::rtl
