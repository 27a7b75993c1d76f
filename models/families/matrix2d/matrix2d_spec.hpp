// The matrix2d family's description: a FlexFlow-style 2-D matrix of PEs
// whose operands are broadcast, a[i] along row i and b[j] along column j, so
// every PE(i,j) does acc += a[i]*b[j] in the same cycle (no skew, no
// systolic forwarding). Fields (rows, cols), ports, counters and the
// closed-form cycle count (derived in docs/families/matrix2d.md).
#pragma once
#include <memory>
#include <string>

#include "models/engine/family_spec.hpp"

namespace tpe::matrix2d {

// The family's fields of a description, read once (not per cycle).
struct Params {
  int rows = 16, cols = 16;
  bool opt1 = false;  // the seed paper's OPT1 compressed-accumulation PE

  static Params of(const EngineConfig& cfg);
};

// A broadcast bus drives every PE of a row (column): 64 is the widest a
// single-cycle broadcast is meant to reach.
constexpr int kMinDim = 1, kMaxDim = 64;

// A validated description built in code (tests, benchmarks).
EngineConfig make_config(int rows, int cols, IntFormat a, IntFormat b, int acc_bits,
                         const std::string& pe = "baseline");

std::shared_ptr<const FamilySpec> spec();

}  // namespace tpe::matrix2d
