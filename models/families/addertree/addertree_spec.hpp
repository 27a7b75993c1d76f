// The multiplier-adder tree family (Trapezoid-style, weight-stationary): N
// dot-product units, each K multipliers and a binary reduction tree with
// `stages` pipeline registers, all fed the same K activations per cycle.
// Fields, ports, counters and the closed-form cycle count
// (docs/families/addertree.md derives it).
#pragma once
#include <memory>
#include <string>

#include "models/engine/family_spec.hpp"
#include "models/util/bits.hpp"

namespace tpe::addertree {

// The family's fields of a description, read once (not per cycle).
struct Params {
  int k = 16;       // multipliers per unit (lanes of a_vec)
  int n = 16;       // dot-product units (lanes of w_vec, p_vec, c_vec)
  int stages = 0;   // pipeline registers inside each unit's reduction tree
  bool opt2 = false;  // the seed paper's OPT2 same-bit-weight reduction PE

  static Params of(const EngineConfig& cfg);
  // Adder levels of the binary reduction tree: ceil(log2 k).
  int depth() const;
  // Edges from the one that samples a row into the input register to the one
  // that puts its result into the output register.
  int latency() const { return stages + 1; }
};

constexpr int kMinK = 2, kMaxK = 64, kMinN = 1, kMaxN = 64;


// A validated description built in code (tests, benchmarks).
EngineConfig make_config(int k, int n, int stages, IntFormat a, IntFormat b, int acc_bits,
                         const std::string& pe = "baseline");

std::shared_ptr<const FamilySpec> spec();

}  // namespace tpe::addertree
