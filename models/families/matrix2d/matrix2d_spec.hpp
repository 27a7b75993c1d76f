// The matrix2d family's description: a FlexFlow-style 2-D matrix of PEs
// whose operands are broadcast, a[i] along row i and b[j] along column j, so
// every PE(i,j) does acc += a[i]*b[j] in the same cycle (no skew, no
// systolic forwarding). Fields (rows, cols), ports, counters and the
// closed-form cycle count (derived in docs/families/matrix2d.md).
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "models/engine/family_spec.hpp"

namespace tpe::matrix2d {

// The family's fields of a description, read once (not per cycle).
struct Params {
  int rows = 16, cols = 16;
  bool opt1 = false;  // the seed paper's OPT1 compressed-accumulation PE
  // "schedule":"overlap": shadow accumulators, so a tile's read-out overlaps
  // the next tile's feed (docs/families/matrix2d.md, "Overlapped schedule").
  bool overlap = false;

  static Params of(const EngineConfig& cfg);
};

// A broadcast bus drives every PE of a row (column): 64 is the widest a
// single-cycle broadcast is meant to reach.
constexpr int kMinDim = 1, kMaxDim = 64;

// The schedule values, the default first.
inline const std::vector<std::string>& schedules() {
  static const std::vector<std::string> v = {"serial", "overlap"};
  return v;
}

// Overlapped schedule: edges from one tile's first feed to the next's. A
// tile's shadows are written the edge after its last feed and read one row
// per edge from the edge after that; the next tile's shadow write must come
// after its last read, so the next tile's K feeds take at least Rt edges.
inline uint64_t overlap_tile_period(uint64_t k, uint64_t rows_here) { return k > rows_here ? k : rows_here; }

// A validated description built in code (tests, benchmarks).
EngineConfig make_config(int rows, int cols, IntFormat a, IntFormat b, int acc_bits,
                         const std::string& pe = "baseline", const std::string& schedule = "serial");

std::shared_ptr<const FamilySpec> spec();

}  // namespace tpe::matrix2d
