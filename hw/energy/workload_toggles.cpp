#include "hw/energy/workload_toggles.hpp"

#include <stdexcept>

#include "models/engine/family_registry.hpp"
#include "sim/core/engine_loop.hpp"
#include "sim/core/family_sim.hpp"

namespace tpe::hw {

double count_of(const std::string& count, const ActivityTrace& trace, const ToggleCounts& toggles) {
  static const std::string kToggles = "toggles.";
  if (count.rfind(kToggles, 0) == 0) {
    auto it = toggles.bits.find(count.substr(kToggles.size()));
    if (it == toggles.bits.end()) throw std::out_of_range("the run has no toggle count '" + count + "'");
    return double(it->second);
  }
  return double(trace.counter(count));
}

WorkloadToggles measure_workload_toggles(const EngineConfig& cfg, const OperandMatrix& a, const OperandMatrix& b,
                                         ArrayDevice& dev, ResultMatrix* c_out) {
  const EngineFamily& family = family_of(cfg);
  std::unique_ptr<ToggleRecorder> rec = family.energy->make_toggle_recorder(cfg, dev);
  rec->reset();
  EngineLoop loop(cfg, a, b, *rec);
  // A stuck run must not hang a test.
  const uint64_t bound = family.sim->cycle_bound(cfg, GemmShape{a.rows, a.cols, b.cols}) + 64;
  for (uint64_t n = 0; !loop.done(); ++n) {
    if (n > bound) throw std::runtime_error("measure_workload_toggles: the GEMM did not finish within the cycle bound");
    loop.step();
  }
  EngineRun run = loop.take_result();
  WorkloadToggles w;
  w.cycles = run.activity.cycles;
  w.toggles = rec->result(run.activity);
  w.trace = std::move(run.activity);
  if (c_out) *c_out = std::move(run.c);
  return w;
}

}  // namespace tpe::hw
