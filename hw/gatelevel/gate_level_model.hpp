// The synthesized netlist of an engine, simulated: Yosys maps the generated
// RTL onto the liberty cells (hw/synth/synth_flow, the whole array, hierarchical),
// Verilator compiles that netlist with cell models Yosys derives from the
// liberty's own `function`/`ff` descriptions, every net made public so each
// one's toggles can be counted (hw/gatelevel/net_toggles). Driven by the same tiling
// controller as the RTL, its result is checked against the reference: a
// gate-level co-simulation. OpenSTA then prices the run at the measured
// per-net activity (hw/gatelevel/gate_level_power).
//
//   GateLevelDesign d = prepare_gate_level(cfg, opt);     // cached builds
//   GateLevelRun r = run_gate_level(d, a, b, "work/run1"); // toggles + power
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "hw/energy/workload_toggles.hpp"
#include "hw/gatelevel/gate_level_power.hpp"
#include "hw/gatelevel/netlist_cells.hpp"
#include "hw/synth/synth_report.hpp"
#include "models/engine/engine_config.hpp"
#include "models/formats/matrix.hpp"

namespace tpe::hw {

struct GateLevelOptions {
  std::string cache_dir;   // synthesis, cell models, Verilated netlists: <cache_dir>/{synth,gate,...}
  double clock_ns = 10.0;  // clock of the power runs
  std::function<void(const std::string&)> progress;
};

struct GateLevelDesign {
  EngineConfig cfg;
  std::string top, netlist_path, library_path, liberty_path;
  Netlist netlist;
  SynthReport synth;  // the whole array: area, technology, source
  double clock_ns = 10.0;
};

struct GateLevelRun {
  uint64_t cycles = 0;         // clock cycles simulated after reset (the energy's time base)
  WorkloadToggles workload;    // the cycle model's counters of the same run (activity trace, toggles)
  GatePower power;             // OpenSTA at the per-net activity of the run, mW
  double energy_pj = 0.0;      // power.total x clock x cycles
  double top_own_energy_pj = 0.0;
  ResultMatrix c;              // the netlist's result
};

// The Verilog files and top of a config's RTL, written once under
// <cache_dir>/rtl/<content hash>/ (what synthesis reads).
struct RtlOnDisk {
  std::vector<std::string> files;  // absolute paths
  std::string top, pe_module, pe_file;
  // The PE's file and those of the modules it instantiates (transitively):
  // what a stand-alone synthesis of the PE reads. Just pe_file for a PE
  // without submodules.
  std::vector<std::string> pe_files;
};
RtlOnDisk rtl_on_disk(const EngineConfig& cfg, const std::string& cache_dir);

// Throws SynthError (missing tool/liberty, with the `make setup` hint) or
// std::runtime_error naming the step that failed.
GateLevelDesign prepare_gate_level(const EngineConfig& cfg, const GateLevelOptions& opt);

// Runs a x b on the netlist under the tiling controller; throws when the
// netlist's result differs from the reference (names the first mismatch).
GateLevelRun run_gate_level(const GateLevelDesign& d, const OperandMatrix& a, const OperandMatrix& b,
                            const std::string& work_dir, uint64_t seed = 11);
// `cycles` cycles after reset with every input quiet: clock and leakage only.
GateLevelRun run_gate_level_idle(const GateLevelDesign& d, uint64_t cycles, const std::string& work_dir);

}  // namespace tpe::hw
