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

SC_MODULE(EngineModule) {
  sc_in<bool> clk{"clk"};
  EngineLoop loop;
  int* engines_running;
  bool finished = false;

  SC_HAS_PROCESS(EngineModule);
  EngineModule(sc_module_name n, const EngineConfig& cfg, const OperandMatrix& a, const OperandMatrix& b,
               ArrayDevice& d, std::ostream* t, int* running)
      : sc_module(n), loop(cfg, a, b, d, t), engines_running(running) {
    SC_METHOD(on_clock);
    sensitive << clk.pos();
    dont_initialize();
  }

  void on_clock() {
    loop.step();
    if (loop.done() && !finished) {
      finished = true;
      if (--*engines_running == 0) sc_stop();
    }
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
  // One clock for everything. The period is nominal: cycle counts, not
  // simulated time, are the result.
  sc_clock clk("clk", 1, SC_NS);
  int running = int(devices.size());
  std::vector<std::unique_ptr<EngineModule>> engines;
  for (size_t d = 0; d < devices.size(); ++d) {
    devices[d]->reset();
    std::ostream* trace = d < opt.text_traces.size() ? opt.text_traces[d] : nullptr;
    engines.push_back(
        std::make_unique<EngineModule>(fmt::format("engine_{}", d).c_str(), cfg, a, b, *devices[d], trace, &running));
    engines[d]->clk(clk);
  }
  const uint64_t bound = opt.max_cycles ? opt.max_cycles : default_cycle_bound(cfg, a, b);
  sc_start(sc_time(double(bound), SC_NS));

  std::vector<EngineRun> runs;
  for (auto& e : engines) runs.push_back(e->loop.result());
  return runs;
}

}  // namespace tpe
