// Replay speed of the per-cycle event stream (tpe-events-v1): the integer
// per-counter sums of hw/energy/event_stream against a naive replay that prices
// every (cycle, counter) event on its own through a name lookup, in the same
// run on the same stream. An event is one counter delta of one cycle.
//
//   build/bench/bench_energy_replay [config.json] [MxKxN]
#include <chrono>
#include <cmath>
#include <cstdio>
#include <map>
#include <string>

#include "hw/energy/energy_table.hpp"
#include "hw/energy/event_stream.hpp"
#include "models/gemm/gemm_operands.hpp"
#include "models/engine/family_registry.hpp"

using namespace tpe;
using Clock = std::chrono::steady_clock;

namespace {

// Energy per counter unit (pJ); illustrative values of the right order.
const std::map<std::string, double> kPrice = {
    {"mac", 9.5},         {"acc_readout", 2.0},  {"skew_reg_write_bits", 0.3}, {"a.read_bits", 0.3},
    {"b.read_bits", 0.3}, {"c.read_bits", 0.3},  {"c.write_bits", 0.3}};

// The naive replay: expand every record to cycles, price every counter of
// every cycle through a map lookup by name, accumulate in double.
double naive_replay(const hw::EventStream& s, uint64_t* events) {
  double e = 0;
  uint64_t n = 0;
  const size_t counters = s.counters();
  for (size_t r = 0; r < s.words.size(); r += counters + 1)
    for (uint32_t rep = 0; rep < s.words[r]; ++rep)
      for (size_t k = 0; k < counters; ++k, ++n) e += s.words[r + 1 + k] * kPrice.at(s.counter_names[k]);
  *events = n;
  return e;
}

double fast_replay(const hw::EventStream& s, uint64_t* events) {
  const hw::EventTotals t = hw::replay_event_stream(s);
  double e = 0;
  for (size_t k = 0; k < t.sum.size(); ++k) e += double(t.sum[k]) * kPrice.at(t.counter_names[k]);
  *events = t.events;
  return e;
}

template <class F>
double events_per_second(F f, const hw::EventStream& s, double min_seconds, double* energy) {
  uint64_t events = 0, total = 0;
  const auto t0 = Clock::now();
  double secs = 0;
  do {
    *energy = f(s, &events);
    total += events;
    secs = std::chrono::duration<double>(Clock::now() - t0).count();
  } while (secs < min_seconds);
  return total / secs;
}

}  // namespace

int main(int argc, char** argv) {
  tpe::register_builtin_families();
  const std::string cfg_path = argc > 1 ? argv[1] : std::string(TPE_BENCH_SOURCE_DIR) + "/configs/systolic_os_16x16_int8.json";
  const GemmShape shape = parse_gemm_shape(argc > 2 ? argv[2] : "256x256x256");
  const EngineConfig cfg = load_engine_config(cfg_path);
  const GemmOperands ops = make_gemm_operands(cfg, shape, 1, "stories260K");
  const auto t0 = Clock::now();
  const hw::EventStream raw = hw::record_event_stream(cfg, ops.a, ops.b, nullptr, false);
  const hw::EventStream rle = hw::record_event_stream(cfg, ops.a, ops.b, nullptr, true);
  const double rec_s = std::chrono::duration<double>(Clock::now() - t0).count() / 2;
  std::printf("# %s GEMM %s stories260K: %llu cycles, %d counters/cycle = %llu events\n", cfg.tag().c_str(),
              shape.str().c_str(), (unsigned long long)raw.cycles, int(raw.counters()),
              (unsigned long long)(raw.cycles * raw.counters()));
  std::printf("# stream: %llu raw records (%.1f MB), %llu run-length records (%.3f MB); recording %.3f s\n",
              (unsigned long long)raw.records(), raw.words.size() * 4 / 1e6, (unsigned long long)rle.records(),
              rle.words.size() * 4 / 1e6, rec_s);
  double e_naive = 0, e_fast = 0, e_rle = 0;
  const double naive = events_per_second(naive_replay, raw, 1.0, &e_naive);
  const double fast = events_per_second(fast_replay, raw, 1.0, &e_fast);
  const double fast_rle = events_per_second(fast_replay, rle, 0.5, &e_rle);
  const bool same = std::abs(e_fast - e_naive) <= 1e-9 * std::abs(e_naive) && std::abs(e_rle - e_naive) <= 1e-9 * std::abs(e_naive);
  std::printf("%-34s %14s\n", "replay", "events/s");
  std::printf("%-34s %14.3e\n", "naive (per event, name lookup)", naive);
  std::printf("%-34s %14.3e\n", "integer sums, per-cycle records", fast);
  std::printf("%-34s %14.3e\n", "integer sums, run-length records", fast_rle);
  std::printf("speed-up per-cycle records vs naive: %.1fx; run-length vs naive: %.1fx\n", fast / naive,
              fast_rle / naive);
  std::printf("energies agree: %s (%.6e pJ)\n", same ? "yes" : "NO", e_naive);
  return same && fast >= 1e8 ? 0 : 1;
}
