// Energy per action of an engine configuration, from gate-level power of its
// synthesized netlist at switching activity measured on a real workload.
//
//   EnergyTable t = characterize_energy(cfg);   // cached: seconds on a hit
//
// Method (docs/energy.md has the formulas and the numbers):
//  1. Generate the RTL (rtlgen) and run the characterization GEMM (default the
//     stories260K FFN-up layer, 64x64x172) on the cycle model behind a
//     ToggleRecorder: toggles per bit on every top-level input port and on
//     every PE input port (hw/workload_toggles).
//  2. OpenSTA on the stand-alone PE (hw/synth_flow): once with every input
//     quiet (P_idle: clock + leakage), once with the PE ports at their
//     measured toggles per MAC (P_mac), for WS once more with the weight-load
//     ports at their toggles per load cycle (P_load).
//       E_mac = (P_mac - P_idle) * T          E_pe_idle = P_idle * T
//       E_weight_load_bit = (P_load - P_idle) * T / b_bits
//  3. OpenSTA on the whole array, top-level ports quiet (A0), at the
//     measured top-port toggles (A1), and for OS with the read-out ports quiet
//     (A2); only the top module's own cells (skew, de-skew, read-out, control):
//       E_top_idle = P_top(A0) * T                                  per cycle
//       E_skew_bit = (P_top(A2) - P_top(A0)) * T * cycles / skew_bits
//       E_readout  = (P_top(A1) - P_top(A2)) * T * cycles / readouts  (OS)
//  All energies in pJ (mW x ns). T is the characterization clock period.
#pragma once
#include <cstdint>
#include <functional>
#include <string>

#include "energy_table.hpp"
#include "engine_config.hpp"
#include "matrix.hpp"

namespace tpe::hw {

struct CharacterizeOptions {
  std::string cache_dir;                 // empty: <default_cache_dir()>/energy
  double clock_ns = 10.0;                // clock of the power runs
  GemmShape workload{64, 64, 172};       // stories260K's native FFN-up shape
  std::string source = "stories260K";    // operand source (models/gemm_operands)
  uint64_t seed = 1;
  std::function<void(const std::string&)> progress;  // one line per step; may be empty
};

// Throws SynthError (missing yosys/sta/liberty: the `make setup` hint) or
// std::runtime_error naming the step that failed.
EnergyTable characterize_energy(const EngineConfig& cfg, const CharacterizeOptions& opt = {});

// The Verilog files and top of a config's RTL, written once under
// <cache_dir>/rtl/<content hash>/ (shared with the ground-truth test).
struct RtlOnDisk {
  std::vector<std::string> files;  // absolute paths
  std::string top, pe_module, pe_file;
};
RtlOnDisk rtl_on_disk(const EngineConfig& cfg, const std::string& cache_dir);

// True when the top module of `verilog_text` declares an input port `name`.
bool has_input_port(const std::string& verilog_text, const std::string& name);

}  // namespace tpe::hw
