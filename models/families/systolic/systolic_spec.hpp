// The systolic family's description: fields (dataflow, rows, cols), ports,
// counters and the closed-form cycle count (docs/families/systolic.md derives
// it for each dataflow).
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "models/engine/family_spec.hpp"

namespace tpe::systolic {

// OS keeps C in the PEs; WS holds a block of B (weights) and streams rows of
// A; IS holds a block of A^T (activations) and streams columns of B. WS and
// IS are one array with the roles of A and B exchanged (StationaryRoles).
enum class Dataflow { OutputStationary, WeightStationary, InputStationary };

// How consecutive tiles follow each other. `serial` (today's default, the
// seed paper's baseline): a tile is fed, the array drains, its rows are read
// out, then the next tile starts. `overlap` (OS only so far): every PE copies
// its finished accumulator into a shadow register as the tile's last operand
// passes, and the rows are read from the shadows while the next tile is
// already being fed; WS/IS: the held operands are double-buffered, the next
// fold's shift into shadow registers while the current fold streams, and a
// swap token one edge ahead of a fold's first vector copies them in PE by PE
// (docs/families/systolic.md, "Overlapped schedule").
enum class Schedule { Serial, Overlap };

// The family's fields of a description, read once (not per cycle).
struct Params {
  Dataflow dataflow = Dataflow::OutputStationary;
  int rows = 16, cols = 16;
  bool opt1 = false;  // the seed paper's OPT1 compressed-accumulation PE
  Schedule schedule = Schedule::Serial;

  static Params of(const EngineConfig& cfg);
  bool os() const { return dataflow == Dataflow::OutputStationary; }
  bool is() const { return dataflow == Dataflow::InputStationary; }
  bool overlap() const { return schedule == Schedule::Overlap; }
};

// What the two stationary dataflows (WS, IS) hold and what they stream. The
// array is the same: R rows (the K index), C columns, a held operand per PE
// loaded row by row from the top, a streamed K-vector entering the rows,
// partial sums flowing down the columns. The names below are the top's
// ports (and, with "_in"/"_out", the PE's), so each dataflow says what it does.
struct StationaryRoles {
  std::string stream_port;  // R lanes, gated by in_valid: WS "a_vec" (a row of A), IS "b_vec" (a column of B)
  std::string load_strobe;  // WS "w_load", IS "a_load"
  std::string load_port;    // C lanes, gated by load_strobe: WS "w_vec" (a row of B), IS "a_vec" (a row of A^T)
  std::string stream_pe;    // the PE's streamed operand: WS "a", IS "b"
  std::string held_pe;      // the PE's held operand: WS "w", IS "a"
  IntFormat stream, held;   // formats of the streamed and the held operand
  bool stream_is_a = true;  // WS: the streamed operand is A (a format); IS: B

  static StationaryRoles of(const EngineConfig& cfg);  // cfg is WS or IS
};

// The dataflow values, in the order messages list them.
inline const std::vector<std::string>& dataflows() {
  static const std::vector<std::string> v = {"os", "ws", "is"};
  return v;
}
const char* dataflow_name(Dataflow d);

// The schedule values, the default first.
inline const std::vector<std::string>& schedules() {
  static const std::vector<std::string> v = {"serial", "overlap"};
  return v;
}

// Overlapped WS/IS: edges between consecutive folds' first streamed vectors.
// S streamed vectors, but at least 2R+C-2 (the swap token enters with the
// fold's last load, one edge before its first vector, and the next fold's R
// loads may start once the token has reached PE(R-1,C-1), R+C-1 edges
// later) and R+C+2 (a vector's partial sum comes back from the previous k
// fold's output: R+C edges through the array, 2 round-trip edges).
uint64_t overlap_fold_period(int rows, int cols, uint64_t streamed);

// Overlapped OS: decision steps between the last operands of consecutive
// tiles. K feeds, but at least C (a shadow is overwritten by the next tile's
// last operand no sooner than its row has been read) and R (the rows of one
// tile are read one per cycle before the next tile's reads begin).
uint64_t overlap_tile_period(int rows, int cols, uint64_t k);

constexpr int kMinDim = 1, kMaxDim = 256;

// A validated description built in code (tests, benchmarks).
EngineConfig make_config(Dataflow dataflow, int rows, int cols, IntFormat a, IntFormat b, int acc_bits,
                         const std::string& pe = "baseline", Schedule schedule = Schedule::Serial);

std::shared_ptr<const FamilySpec> spec();

}  // namespace tpe::systolic
