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
