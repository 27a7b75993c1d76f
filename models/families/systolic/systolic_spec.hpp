// The systolic family's description: fields (dataflow, rows, cols), ports,
// counters and the closed-form cycle count (docs/architecture.md derives it).
#pragma once
#include <memory>

#include "models/engine/family_spec.hpp"

namespace tpe::systolic {

enum class Dataflow { OutputStationary, WeightStationary };

// The family's fields of a description, read once (not per cycle).
struct Params {
  Dataflow dataflow = Dataflow::OutputStationary;
  int rows = 16, cols = 16;
  bool opt1 = false;  // the seed paper's OPT1 compressed-accumulation PE

  static Params of(const EngineConfig& cfg);
  bool os() const { return dataflow == Dataflow::OutputStationary; }
};

constexpr int kMinDim = 1, kMaxDim = 256;

// A validated description built in code (tests, benchmarks).
EngineConfig make_config(Dataflow dataflow, int rows, int cols, IntFormat a, IntFormat b, int acc_bits,
                         const std::string& pe = "baseline");

std::shared_ptr<const FamilySpec> spec();

}  // namespace tpe::systolic
