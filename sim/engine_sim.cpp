#include "engine_sim.hpp"

#include <cstdlib>
#include <stdexcept>

#include <fmt/format.h>
#include <systemc>

#include "engine_loop.hpp"
#include "systolic_os_model.hpp"
#include "systolic_ws_model.hpp"

namespace tpe {
namespace {

using namespace sc_core;

// The engines on one clock. The clock is a method that re-arms itself every
// period (next_trigger) rather than an sc_clock: one timed event per cycle
// instead of a clock signal's two edges and their updates, which is most of
// the kernel's cost per cycle. Every engine steps once per rising edge.
SC_MODULE(ClockedEngines) {
  std::vector<std::unique_ptr<EngineLoop>> engines;
  sc_time period{1, SC_NS};
  uint64_t edges = 0;

  SC_CTOR(ClockedEngines) {
    SC_METHOD(rising_edge);
  }

  void rising_edge() {
    bool all_done = true;
    for (auto& e : engines) {
      if (!e->done()) e->step();
      all_done = all_done && e->done();
    }
    ++edges;
    if (all_done)
      sc_stop();
    else
      next_trigger(period);
  }
};

uint64_t default_cycle_bound(const EngineConfig& cfg, const OperandMatrix& a, const OperandMatrix& b) {
  const uint64_t tiles_m = (a.rows + cfg.rows - 1) / cfg.rows, tiles_n = (b.cols + cfg.cols - 1) / cfg.cols,
                 tiles_k = (a.cols + cfg.rows - 1) / cfg.rows;
  const uint64_t per_tile = uint64_t(a.cols) + a.rows + 4 * (cfg.rows + cfg.cols) + 16;
  return (tiles_m + 1) * (tiles_n + 1) * (tiles_k + 1) * per_tile * 2 + 1000;
}

}  // namespace

std::unique_ptr<ArrayDevice> make_array_model(const EngineConfig& cfg) {
  if (cfg.dataflow == Dataflow::OutputStationary) return std::make_unique<SystolicOsModel>(cfg);
  return std::make_unique<SystolicWsModel>(cfg);
}

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
  const uint64_t bound = opt.max_cycles ? opt.max_cycles : default_cycle_bound(cfg, a, b);
  sc_start(sc_time(double(bound), SC_NS));

  std::vector<EngineRun> runs;
  for (auto& e : clocked.engines) runs.push_back(e->result());
  return runs;
}

}  // namespace tpe
