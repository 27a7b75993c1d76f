// The dot-product unit (the addertree family's PE): K weight registers, K
// multipliers and a binary adder tree with `stages` pipeline registers, then
// the partial-sum add into the output register. Module names encode every
// parameter (Yosys 0.23 cannot chparam nested modules), e.g.
// "addertree_dpu_k16_s2_i8i8_acc32".
//
// Ports: clk rst a_in(K lanes) v_in p_in w_load w_in -> c v_out busy.
//   w_load: w[k] <= w[k+1], w[K-1] <= w_in;
//   a_in/p_in/v_in come from the top's input register; the products of the
//   row there use the weights held now; c <= p + sum_k a_k * w_k, v_out <=
//   valid, stages+1 edges after the row entered the input register;
//   busy = a valid row in the input register (v_in) or a pipeline register.
#pragma once
#include <string>

#include "models/engine/engine_config.hpp"
#include "rtlgen/ir/ir.hpp"

namespace tpe::rtl {

Module make_dpu(const EngineConfig& cfg);
std::string dpu_name(const EngineConfig& cfg);

// Where the pipeline registers of a reduction with `cuts` possible cut points
// (numbered 0..cuts-1) go: register s (1..stages) after cut
// floor(s * cuts / (stages + 1)), spreading them evenly; distinct whenever
// stages <= cuts. The baseline tree's cut points are its product level and
// its first depth-1 adder levels (the last level feeds the output adder).
int pipeline_cut(int s, int stages, int cuts);

}  // namespace tpe::rtl
