// The seed paper's OPT2 dot-product unit (../shared/ref/tpe_paper.md 1.6,
// 2.3), written from its description: the activations are radix-4 Booth
// recoded ONCE per tree row (lane k) in the top and the digits broadcast to
// every unit; in a unit, the K partial products of the same bit weight
// (digit d of every a_k times w_k) are reduced first, in a narrow Dadda tree
// of full and half adders per digit (rtlgen/ir/compressor_tree), and the
// digit sums are shifted by 2d and added once, with the partial sum, in a
// final compressor tree and one carry-propagate adder.
//
// Ports: clk rst bd_one bd_two bd_neg (K x digits, from the top) v_in p_in
// w_load w_in -> c v_out busy; same timing as the baseline unit (dpu_gen).
#pragma once
#include <string>
#include <vector>

#include "models/engine/engine_config.hpp"
#include "rtlgen/ir/compressor_tree.hpp"
#include "rtlgen/ir/ir.hpp"

namespace tpe::rtl {

Module make_opt2_dpu(const EngineConfig& cfg);

// The unit's reduction structure, shared by the generator and the energy
// view (which follows what the pipeline registers hold): per Booth digit d
// a Dadda tree of Wd columns over the K partial products, then the final
// tree over the partial sum and the digit sums shifted by 2d.
struct Opt2Layout {
  std::vector<int> wd;                  // columns of digit d's tree (its exact sum, or the accumulator's share)
  std::vector<CompressorTree> trees;    // digits whose bits reach the accumulator
  CompressorTree final_tree;
  int tree_stages = 0;                  // stages of the deepest digit tree
  // Cut points, in order: 0 after the partial products; 1..T after each
  // digit-tree stage; T+1 after the digit adders; T+1+t after final-tree
  // stage t. Pipeline register s goes after cut stage_cut[s-1].
  int cuts = 0;
  std::vector<int> stage_cut;
};
Opt2Layout opt2_layout(const EngineConfig& cfg);
std::string opt2_dpu_name(const EngineConfig& cfg);

// Adds the K Booth encoders of `a_r` (K lanes of a.bits) to the top and
// returns the unit connections of their digits (bd_one, bd_two, bd_neg;
// bit k * digits + d is digit d of lane k).
std::vector<Connection> add_shared_booth_encoders(Module& top, const EngineConfig& cfg, const ExprP& a_r);

// Radix-4 Booth digits of a multiplier of format `f` (an unsigned one gets a zero sign bit first).
int opt2_booth_digits(const IntFormat& f);

}  // namespace tpe::rtl
