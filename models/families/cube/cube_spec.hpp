// The cube family's description (the 3D-Cube, Ascend-style): an X x Y grid of
// cells, each a Z-deep multiply-reduction chain with an output-stationary
// accumulator, that multiplies an X x Z block of A by a Z x Y block of B per
// cycle. Fields x, y, z; ports, counters and the closed-form cycle count
// (docs/families/cube.md derives it).
#pragma once
#include <memory>

#include "models/engine/family_spec.hpp"

namespace tpe::cube {

// The family's fields of a description, read once (not per cycle).
struct Params {
  int x = 4, y = 4, z = 4;  // output tile rows, output tile columns, reduction depth
  bool opt1 = false;        // the seed paper's OPT1: carry-save reduction and accumulation

  static Params of(const EngineConfig& cfg);
};

constexpr int kMinDim = 2, kMaxDim = 32;

// Register stages a feed passes before its products are in the accumulators:
// the top's input register, the cell's reduction register, the accumulator.
// The controller does not use it (it waits on `idle`); the closed form does.
constexpr int kFeedToAccEdges = 3;

// A validated description built in code (tests, benchmarks).
EngineConfig make_config(int x, int y, int z, IntFormat a, IntFormat b, int acc_bits,
                         const std::string& pe = "baseline");

std::shared_ptr<const FamilySpec> spec();

}  // namespace tpe::cube
