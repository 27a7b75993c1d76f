// Processing-element modules of the systolic engine. Module names encode
// every parameter (Yosys 0.23 cannot chparam nested modules, and the names
// make synthesis reports readable), e.g. "pe_os_i8i8_acc32".
#pragma once
#include "models/engine/engine_config.hpp"
#include "rtlgen/ir/ir.hpp"

namespace tpe::rtl {

// OS PE. Ports: clk rst a_in b_in v_in f_in -> a_out b_out v_out f_out acc.
// On v_in: acc <= (f_in ? 0 : acc) + a_in*b_in; a/b/f move on to the neighbours.
Module make_os_pe(const EngineConfig& cfg);

// OS PE of the overlapped schedule: the above plus l_in -> l_out and a
// shadow register acc_sh (the only accumulator output): on v_in & l_in,
// acc_sh <= the new accumulator value. ACC + 1 more flip-flops per PE.
Module make_os_shadow_pe(const EngineConfig& cfg);

// The WS and IS PEs are in pe_stationary_gen.hpp.

// The product a*b as an `acc_bits` value: both operands extended to
// a.bits+b.bits (where the exact product fits), multiplied, then sign- or
// zero-extended (or truncated) to the accumulator. Adds wires to `m`.
ExprP accumulator_product(Module& m, const ExprP& a, const ExprP& b, const EngineConfig& cfg);

}  // namespace tpe::rtl
