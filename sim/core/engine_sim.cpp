#include "sim/core/engine_sim.hpp"

#include <algorithm>
#include <cstdlib>
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
// Time stays the cycle count: edge e is stepped "at" e periods. The last
// activation re-arms for the edges it stepped beyond its own time stamp and
// stops there, so at the end sc_time_stamp() is the last edge's time, as if
// stepped one per activation; the cycle bound of sc_start cuts a quantum
// short so that exactly the same edges run.
constexpr uint64_t kQuantumCycles = 256;

SC_MODULE(ClockedEngines) {
  std::vector<std::unique_ptr<EngineLoop>> engines;
  sc_time period{1, SC_NS};
  uint64_t edges = 0;          // edges stepped so far
  uint64_t edge_bound = 0;     // edges sc_start lets run (its duration in periods)
  bool stop_on_wake = false;   // the run finished within the last quantum

  SC_CTOR(ClockedEngines) {
    SC_METHOD(quantum);
  }

  void quantum() {
    if (stop_on_wake) {
      sc_stop();
      return;
    }
    const uint64_t first = edges, n = std::min(kQuantumCycles, edge_bound - first);
    bool all_done = false;
    while (edges - first < n && !all_done) {
      all_done = true;
      for (auto& e : engines) {
        if (!e->done()) e->step();
        all_done = all_done && e->done();
      }
      ++edges;
    }
    const uint64_t ahead = edges - 1 - first;  // edges stepped beyond this activation's time
    if (all_done && ahead == 0) {
      sc_stop();
      return;
    }
    stop_on_wake = all_done;
    next_trigger(double(all_done ? ahead : edges - first) * period);
  }
};

}  // namespace

std::vector<EngineRun> simulate_gemm(const EngineConfig& cfg, const OperandMatrix& a, const OperandMatrix& b,
                                     const std::vector<ArrayDevice*>& devices, const EngineSimOptions& opt) {
  // Quiet kernel: no banner, no "simulation stopped" note on our own sc_stop().
  setenv("SC_COPYRIGHT_MESSAGE", "DISABLE", 1);
  sc_report_handler::set_actions("/OSCI/SystemC", SC_INFO, SC_DO_NOTHING);
  ClockedEngines clocked("engines");
  for (size_t d = 0; d < devices.size(); ++d) {
    devices[d]->reset();
    std::ostream* trace = d < opt.text_traces.size() ? opt.text_traces[d] : nullptr;
    clocked.engines.push_back(std::make_unique<EngineLoop>(cfg, a, b, *devices[d], trace));
  }
  // The period is nominal: cycle counts, not simulated time, are the result.
  const uint64_t bound = opt.max_cycles ? opt.max_cycles : family_of(cfg).sim->cycle_bound(cfg, GemmShape{a.rows, a.cols, b.cols});
  clocked.edge_bound = bound;
  sc_start(double(bound) * clocked.period);

  std::vector<EngineRun> runs;
  for (auto& e : clocked.engines) runs.push_back(e->take_result());
  return runs;
}

}  // namespace tpe
