#include "sim/core/engine_sim.hpp"

#include <algorithm>
#include <stdexcept>

#include <fmt/format.h>
#include <systemc>

#include "models/engine/family_registry.hpp"
#include "sim/core/engine_loop.hpp"
#include "sim/core/family_sim.hpp"

namespace tpe {
namespace {

using namespace sc_core;

// The engines on one clock, temporally decoupled (the loosely-timed
// technique of SystemC/TLM-2.0, cf. tlm_utils::tlm_quantumkeeper). During a
// run every controller and array pair is a closed system: nothing outside
// them reads or drives them between two edges. So one activation of the
// method steps every engine through up to kQuantumCycles consecutive rising
// edges and re-arms itself for the simulated time those edges took
// (next_trigger), instead of entering the kernel once per cycle. Exactness is
// unchanged: every engine still steps every edge, in the same order; only the
// kernel's bookkeeping is amortized. The method is a re-armed method rather
// than an sc_clock for the same reason: no clock signal, no edge events.
//
// Time stays the cycle count: edge e of a run is stepped "at" e periods
// after the run starts. The last activation re-arms for the edges it stepped
// beyond its own time stamp and pauses there, so at the end of a run the
// kernel's time is the last edge's time, as if stepped one per activation.
//
// Re-entrant: the module is elaborated once per process (SystemC allows no
// new modules after the first sc_start) and every run pauses the kernel
// (sc_pause) instead of stopping it, so a process can simulate any number of
// GEMMs, one after the other, each starting from a kick event.
constexpr uint64_t kQuantumCycles = 256;

SC_MODULE(ClockedEngines) {
  std::vector<std::unique_ptr<EngineLoop>> engines;
  sc_time period{1, SC_NS};
  sc_event kick;               // starts a run
  uint64_t edges = 0;          // edges stepped so far in this run
  uint64_t edge_bound = 0;     // edges this run may step at most
  bool pause_on_wake = false;  // the run finished within the last quantum
  uint64_t quantum_cycles = kQuantumCycles;
  std::function<void(uint64_t)> on_quantum;

  SC_CTOR(ClockedEngines) {
    SC_METHOD(quantum);
    sensitive << kick;
    dont_initialize();
  }

  void start(uint64_t bound, sc_time clock_period, bool edge_per_time_step) {
    edges = 0;
    edge_bound = bound;
    pause_on_wake = false;
    period = clock_period;
    quantum_cycles = edge_per_time_step ? 1 : kQuantumCycles;
    kick.notify(edge_per_time_step ? clock_period : SC_ZERO_TIME);
  }

  void quantum() {
    // Returning without next_trigger leaves the method waiting for the next kick.
    if (pause_on_wake) {
      pause_on_wake = false;
      sc_pause();
      return;
    }
    const uint64_t first = edges, n = std::min(quantum_cycles, edge_bound - first);
    bool all_done = false;
    while (edges - first < n && !all_done) {
      all_done = true;
      for (auto& e : engines) {
        if (!e->done()) e->step();
        all_done = all_done && e->done();
      }
      ++edges;
    }
    if (on_quantum) on_quantum(edges);
    const bool finished = all_done || edges == edge_bound;
    const uint64_t ahead = edges - 1 - first;  // edges stepped beyond this activation's time
    if (finished && quantum_cycles == 1) {
      // sc_trace samples at the end of a time step, which a pause in this
      // one would cut short: pause a period later, after the last edge's sample.
      pause_on_wake = true;
      next_trigger(period);
      return;
    }
    if (finished && ahead == 0) {
      sc_pause();
      return;
    }
    pause_on_wake = finished;
    next_trigger(double(finished ? ahead : edges - first) * period);
  }
};

// Elaborated at the first run of the process, kept for every later one.
ClockedEngines& clocked_engines() {
  // The kernel's banner and report actions are left alone: programs that
  // want them quiet opt in (sim/core/systemc_kernel.hpp).
  static ClockedEngines* engines = new ClockedEngines("tpe_engines");
  return *engines;
}

}  // namespace

std::vector<EngineRun> simulate_gemm(const EngineConfig& cfg, const OperandMatrix& a, const OperandMatrix& b,
                                     const std::vector<ArrayDevice*>& devices, const EngineSimOptions& opt) {
  ClockedEngines& clocked = clocked_engines();
  clocked.engines.clear();
  for (size_t d = 0; d < devices.size(); ++d) {
    devices[d]->reset();
    std::ostream* trace = d < opt.text_traces.size() ? opt.text_traces[d] : nullptr;
    clocked.engines.push_back(std::make_unique<EngineLoop>(cfg, a, b, *devices[d], trace));
  }
  const uint64_t bound = opt.max_cycles ? opt.max_cycles : family_of(cfg).sim->cycle_bound(cfg, GemmShape{a.rows, a.cols, b.cols});
  clocked.on_quantum = opt.on_quantum;
  clocked.start(std::max<uint64_t>(bound, 1), sc_time(opt.clock_period_ns, SC_NS), opt.edge_per_time_step);
  sc_start();

  std::vector<EngineRun> runs;
  for (auto& e : clocked.engines) runs.push_back(e->take_result());
  clocked.engines.clear();
  // The memory stage depends only on the shape and the compute cycles, which
  // every device of a run agrees on when it completes (the invariant).
  if (cfg.memory)
    for (EngineRun& r : runs)
      if (r.completed) r.memory = run_memory_stage(cfg, GemmShape{a.rows, a.cols, b.cols}, r.activity.cycles);
  return runs;
}

}  // namespace tpe
