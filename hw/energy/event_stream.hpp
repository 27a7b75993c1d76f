// Per-cycle activity as a compact binary stream (format tpe-events-v2,
// docs/activity_trace.md) and its replay. The header names the counters: the
// family's activity counters (FamilySpec::counters) then the buffer counters
// a.read_bits, b.read_bits, c.read_bits, c.write_bits. A record is one run of
// identical cycles: u32 repeat, then one u32 delta per counter. Steady-state
// streaming repeats the same deltas for K cycles, so run-length records keep
// the file small; replay sums repeat x delta per counter with integer adds and
// prices the sums once at the end.
#pragma once
#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include "models/engine/engine_config.hpp"
#include "models/formats/matrix.hpp"
#include "sim/core/activity.hpp"

namespace tpe::hw {

// The buffer counters that follow the family's in every record.
extern const std::vector<std::string> kBufferEventCounters;

struct EventStream {
  std::string config_tag;
  GemmShape gemm;
  std::vector<std::string> counter_names;  // the family's, then kBufferEventCounters
  uint64_t cycles = 0;          // the run's cycle count (every record's repeats add up to it)
  std::vector<uint32_t> words;  // records: repeat, deltas[counters], ...
  size_t counters() const { return counter_names.size(); }
  uint64_t records() const { return words.size() / (counters() + 1); }

  // Appends one cycle; merges with the last record when the deltas repeat.
  void push(const std::vector<uint32_t>& deltas, bool run_length = true);
};

// Runs the GEMM on the C++ cycle model (sim/core/engine_loop) and records
// every cycle's counter deltas. `trace_out` gets the run's aggregate counters.
EventStream record_event_stream(const EngineConfig& cfg, const OperandMatrix& a, const OperandMatrix& b,
                                ActivityTrace* trace_out = nullptr, bool run_length = true);

// Binary I/O (little-endian). write: to a stream, or to a path through the
// output writer (models/util/output_file). read: throws naming the file and the problem.
void write_event_stream(const EventStream& s, std::ostream& out);
void write_event_stream(const EventStream& s, const std::string& path);
EventStream read_event_stream(const std::string& path);

// Replay: per-counter totals (sum of repeat x delta) and the number of
// expanded events (cycles x counters) it covered.
struct EventTotals {
  std::vector<std::string> counter_names;
  std::vector<uint64_t> sum;
  uint64_t events = 0;
  uint64_t cycles = 0;
};
EventTotals replay_event_stream(const EventStream& s);
// The same totals back as an activity trace (array counters and buffers a, b, c).
ActivityTrace totals_to_trace(const EventTotals& t);

}  // namespace tpe::hw
