// Processing elements of the stationary systolic arrays (WS and IS): the PE
// holds one operand, loaded by shifting down the column, adds the product
// with the streamed operand (passing right) to the partial sum passing down.
// Port names say what each dataflow holds and streams (StationaryRoles):
//   WS  pe_ws_<a><b>_acc<N>: clk rst a_in v_in ps_in w_load w_in -> a_out v_out ps_out w_out
//   IS  pe_is_<a><b>_acc<N>: clk rst b_in v_in ps_in a_load a_in -> b_out v_out ps_out a_out
// <h>_load shifts the held operand down (<h>_out feeds the PE below); on v_in:
// ps_out <= ps_in + x_in * h (x streamed, h held).
//
// OPT1 (pe_<df>_opt1_...): the partial sum travels in carry-save form, ports
// ps_s_in ps_c_in -> ps_s_out ps_c_out instead of ps_in -> ps_out. The radix-4
// Booth partial products of the held operand (the multiplier, recoded only
// when it changes, on loads) times the streamed one, and the incoming sum and
// carry, go into one 3:2 compressor tree whose two outputs are registered; no
// carry-propagate adder in the PE (the array adds sum and carry once, at the
// bottom of each column). ps_s_out + ps_c_out (mod 2^acc_bits) equals the
// baseline PE's ps_out.
#pragma once
#include "models/engine/engine_config.hpp"
#include "rtlgen/ir/ir.hpp"

namespace tpe::rtl {

Module make_stationary_pe(const EngineConfig& cfg);       // cfg is WS or IS, pe "baseline"
Module make_stationary_opt1_pe(const EngineConfig& cfg);  // cfg is WS or IS, pe "opt1"

}  // namespace tpe::rtl
