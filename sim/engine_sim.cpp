#include "engine_sim.hpp"

#include <cstdlib>
#include <stdexcept>

#include <fmt/format.h>
#include <systemc>

#include "gemm_controller.hpp"
#include "systolic_os_model.hpp"
#include "systolic_ws_model.hpp"

// sc_signal needs a trace hook for its value type; the structs are traced
// as text (format_inputs/format_outputs), not as waveforms.
namespace sc_core {
inline void sc_trace(sc_trace_file*, const tpe::ArrayInputs&, const std::string&) {}
inline void sc_trace(sc_trace_file*, const tpe::ArrayOutputs&, const std::string&) {}
}  // namespace sc_core

namespace tpe {
namespace {

using namespace sc_core;

// Issues the tile schedule: reads the array's outputs, writes its next inputs.
SC_MODULE(ControllerModule) {
  sc_in<bool> clk{"clk"};
  sc_in<ArrayOutputs> from_array{"from_array"};
  sc_out<ArrayInputs> to_array{"to_array"};
  GemmController ctrl;

  SC_HAS_PROCESS(ControllerModule);
  ControllerModule(sc_module_name n, const EngineConfig& cfg, const OperandMatrix& a, const OperandMatrix& b)
      : sc_module(n), ctrl(cfg, a, b) {
    SC_METHOD(on_clock);
    sensitive << clk.pos();
    dont_initialize();
  }
  void on_clock() { to_array.write(ctrl.next(from_array.read())); }
};

// Wraps an ArrayDevice: one tick per rising edge, counting the span from the
// first sampled input to the last output.
SC_MODULE(ArrayModule) {
  sc_in<bool> clk{"clk"};
  sc_in<ArrayInputs> from_ctrl{"from_ctrl"};
  sc_out<ArrayOutputs> to_ctrl{"to_ctrl"};
  ArrayDevice& dev;
  std::ostream* trace;
  uint64_t edge = 0, first_edge = 0, last_edge = 0, active = 0;
  bool started = false;

  SC_HAS_PROCESS(ArrayModule);
  ArrayModule(sc_module_name n, ArrayDevice& d, std::ostream* t) : sc_module(n), dev(d), trace(t) {
    SC_METHOD(on_clock);
    sensitive << clk.pos();
    dont_initialize();
  }
  void on_clock() {
    const ArrayInputs& in = from_ctrl.read();
    const ArrayOutputs& out = dev.tick(in);
    if (in.any_activity() && !started) {
      started = true;
      first_edge = edge;
    }
    if (out.out_valid) last_edge = edge;
    if (started && trace) *trace << fmt::format("{:>7} | {} | {}\n", edge - first_edge, format_inputs(in), format_outputs(out));
    to_ctrl.write(out);
    ++edge;
  }
  uint64_t cycles() const { return started ? last_edge - first_edge + 1 : 0; }
};

// Stops the simulation once every controller is done.
SC_MODULE(DoneMonitor) {
  sc_in<bool> clk{"clk"};
  std::vector<ControllerModule*> ctrls;
  SC_CTOR(DoneMonitor) {
    SC_METHOD(on_clock);
    sensitive << clk.neg();
    dont_initialize();
  }
  void on_clock() {
    for (auto* c : ctrls)
      if (!c->ctrl.done()) return;
    sc_stop();
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
  DoneMonitor monitor("done_monitor");
  monitor.clk(clk);
  std::vector<std::unique_ptr<sc_signal<ArrayInputs>>> to_array;
  std::vector<std::unique_ptr<sc_signal<ArrayOutputs>>> to_ctrl;
  std::vector<std::unique_ptr<ControllerModule>> ctrls;
  std::vector<std::unique_ptr<ArrayModule>> arrays;
  for (size_t d = 0; d < devices.size(); ++d) {
    devices[d]->reset();
    to_array.push_back(std::make_unique<sc_signal<ArrayInputs>>(fmt::format("to_array_{}", d).c_str()));
    to_ctrl.push_back(std::make_unique<sc_signal<ArrayOutputs>>(fmt::format("to_ctrl_{}", d).c_str()));
    ctrls.push_back(std::make_unique<ControllerModule>(fmt::format("ctrl_{}", d).c_str(), cfg, a, b));
    std::ostream* trace = d < opt.text_traces.size() ? opt.text_traces[d] : nullptr;
    arrays.push_back(std::make_unique<ArrayModule>(fmt::format("array_{}", d).c_str(), *devices[d], trace));
    ctrls[d]->clk(clk);
    ctrls[d]->from_array(*to_ctrl[d]);
    ctrls[d]->to_array(*to_array[d]);
    arrays[d]->clk(clk);
    arrays[d]->from_ctrl(*to_array[d]);
    arrays[d]->to_ctrl(*to_ctrl[d]);
    monitor.ctrls.push_back(ctrls[d].get());
  }
  const uint64_t bound = opt.max_cycles ? opt.max_cycles : default_cycle_bound(cfg, a, b);
  sc_start(sc_time(double(bound), SC_NS));

  std::vector<EngineRun> runs(devices.size());
  for (size_t d = 0; d < devices.size(); ++d) {
    EngineRun& r = runs[d];
    r.completed = ctrls[d]->ctrl.done();
    r.c = ctrls[d]->ctrl.result();
    r.activity.cycles = arrays[d]->cycles();
    if (const ArrayActivity* act = devices[d]->activity()) r.activity.array = *act;
    r.activity.buffers = ctrls[d]->ctrl.buffers();
  }
  return runs;
}

}  // namespace tpe
