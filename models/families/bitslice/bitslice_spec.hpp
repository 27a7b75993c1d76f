// The bitslice family's description: an output-stationary R x C array of
// bit-slice PEs fed group by group. A group is G consecutive k of a row of A
// (broadcast along array row i) and of a column of B (along column j); a PE
// spends a data-dependent number of cycles on it (docs/families/bitslice.md):
//   stripes  activations bit-serial, one bit plane per cycle, least
//            significant first; weights bit-parallel: a.bits cycles a group.
// Fields rows, cols, lanes (G); ports, counters; the cycle count comes from
// the operands' digit counts (models/families/bitslice/bitslice_cycles).
#pragma once
#include <memory>
#include <string>

#include "models/engine/family_spec.hpp"

namespace tpe::bitslice {

struct Params {
  int rows = 4, cols = 4, lanes = 4;
  std::string pe = "stripes";

  static Params of(const EngineConfig& cfg);
};

constexpr int kMinDim = 1, kMaxDim = 32;    // rows, cols: broadcast wires, as matrix2d
constexpr int kMinLanes = 1, kMaxLanes = 16;  // lanes: the PE's adder tree has one term per lane

// A validated description built in code (tests).
EngineConfig make_config(int rows, int cols, int lanes, IntFormat a, IntFormat b, int acc_bits,
                         const std::string& pe = "stripes");

std::shared_ptr<const FamilySpec> spec();

}  // namespace tpe::bitslice
