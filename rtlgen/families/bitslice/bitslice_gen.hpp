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
// FamilySpec::ports; the group registers f_q (with raw_a a_q_<i>_<l>, with
// raw_b b_q_<j>_<l>) loading on in_valid; the data-dependent sequencing of
// OPT3 and Laconic: from the wire t_in (the group's steps, TW bits) a down
// counter `left`, busy, fresh (the group's first step), idle, ready and clr.
void add_bitslice_ports(Module& top, int R, int C, int G, const EngineConfig& cfg);
void add_bitslice_group_registers(Module& top, int R, int C, int G, const EngineConfig& cfg, bool raw_a, bool raw_b);
void add_step_counter(Module& top, int TW);
// a < b for unsigned words of width w (the borrow of a - b).
ExprP less_than(Module& m, const std::string& tag, const ExprP& a, const ExprP& b, int w);

// The Laconic top (bitslice_laconic_gen.cpp).
Design generate_laconic(const EngineConfig& cfg);

// The OPT3 and OPT4C tops (bitslice_opt3_gen.cpp).
Design generate_opt3(const EngineConfig& cfg);

}  // namespace tpe::rtl
