// Processing elements of the bitslice array. Module names encode every
// parameter (Yosys 0.23 cannot chparam nested modules).
#pragma once
#include "models/engine/engine_config.hpp"
#include "rtlgen/ir/ir.hpp"

namespace tpe::rtl {

// Width of a Stripes column weight term: b shifted by up to a.bits - 1 and
// possibly negated, exactly, as a signed word.
int stripes_term_bits(const EngineConfig& cfg);

// Stripes PE: ports clk rst abit[G] w[G*WB] en clr -> acc. On en (and not
// rst): acc <= (clr ? 0 : acc) + sum_l (abit[l] ? w[l] : 0), modulo
// 2^acc_bits: an AND per lane and a G-term adder tree; the bit plane's shift
// and the top plane's negation are in the column's broadcast terms w.
Module make_stripes_pe(const EngineConfig& cfg);

}  // namespace tpe::rtl

namespace tpe::rtl {

// OPT3 PE (the seed paper's sparse encoded bit-serial PE, written from
// ../shared/ref/tpe_paper.md 1.7 and 2.4): ports clk rst sel[G] b[G*b.bits]
// neg two pos[D] en clr -> acc_s acc_c[acc_bits-1:1] (the carry's bit 0 is 0). The row's sparse encoder picks one
// lane (one-hot sel) and one EN-T digit (|d| = 2 when two, negative when
// neg) at digit position pos (one-hot); the PE selects that lane's weight,
// forms the partial product (+-b, +-2b), shifts it by 2 x pos and adds it to
// its carry-save sum and carry with one 3:2 compressor row. On en (and not
// rst): (acc_s, acc_c) <= csa(clr ? 0 : acc_s, clr ? 0 : acc_c, pp). The
// carry-propagate add is the array's read-out.
// With cfg.pe == "opt4c" the same PE without the shifter and the pos port
// (pe_bs_opt4c_g<G>_w<s|u><W>_acc<N>): its weights b arrive already shifted
// by the array's digit position, opt4c_weight_bits(cfg) bits each.
Module make_opt3_pe(const EngineConfig& cfg);
int opt4c_weight_bits(const EngineConfig& cfg);

}  // namespace tpe::rtl
