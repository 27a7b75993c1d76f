// Per-cycle activity as a compact binary stream (format tpe-events-v1,
// docs/activity_trace.md) and its replay. A record is one run of identical
// cycles: u32 repeat, then one u32 delta per counter (kEventCounters order).
// Steady-state streaming repeats the same deltas for K cycles, so run-length
// records keep the file small; replay sums repeat x delta per counter with
// integer adds and prices the sums once at the end.
#pragma once
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "models/engine/engine_config.hpp"
#include "models/formats/matrix.hpp"
#include "sim/core/activity.hpp"

namespace tpe::hw {

constexpr int kEventCounters = 10;
// Counter order in a record; names as in tpe-activity-v1.
extern const std::array<const char*, kEventCounters> kEventCounterNames;

using EventDeltas = std::array<uint32_t, kEventCounters>;

struct EventStream {
  std::string config_tag;
  GemmShape gemm;
  uint64_t cycles = 0;  // the run's cycle count (every record's repeats add up to it)
  std::vector<uint32_t> words;  // records: repeat, deltas[kEventCounters], ...
  uint64_t records() const { return words.size() / (kEventCounters + 1); }

  // Appends one cycle; merges with the last record when the deltas repeat.
  void push(const EventDeltas& d, bool run_length = true);
  // The counters of `trace` order, flattened (for tests and replay).
  static EventDeltas deltas_of(const ArrayActivity& a, const std::map<std::string, BufferActivity>& b);
};

// Runs the GEMM on the C++ cycle model (sim/core/engine_loop) and records every
// cycle's counter deltas. `trace_out` gets the run's aggregate counters.
EventStream record_event_stream(const EngineConfig& cfg, const OperandMatrix& a, const OperandMatrix& b,
                                ActivityTrace* trace_out = nullptr, bool run_length = true);

// Binary I/O (little-endian). write: temp file + rename. read: throws naming the file and the problem.
void write_event_stream(const EventStream& s, const std::string& path);
EventStream read_event_stream(const std::string& path);

// Replay: per-counter totals (sum of repeat x delta) and the number of
// expanded events (cycles x counters) it covered.
struct EventTotals {
  std::array<uint64_t, kEventCounters> sum{};
  uint64_t events = 0;
  uint64_t cycles = 0;
};
EventTotals replay_event_stream(const EventStream& s);
// The same totals back as an activity trace (buffers a, b, c).
ActivityTrace totals_to_trace(const EventTotals& t);

}  // namespace tpe::hw
