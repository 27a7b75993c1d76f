// Energy per action of an engine configuration, from gate-level power of its
// synthesized netlist at the switching activity the netlist itself shows on
// real LLM-layer operands.
//
//   EnergyTable t = characterize_energy(cfg);   // cached: seconds on a hit
//
// Method (docs/energy.md has the formulas and the numbers):
//  1. Synthesize the whole array and simulate its netlist (hw/gatelevel/gate_level_model):
//     an idle run, the characterization layer (default the stories260K FFN-up
//     layer, 64x64x172), the layer with zero operands, a short-K corner of it,
//     and for WS the layer with zero activations. Every run is checked
//     bit-exact against the reference and cycle-exact against the cycle model.
//  2. Price each run with OpenSTA, every cell pin at its net's measured toggle
//     rate (hw/gatelevel/gate_level_power): the PEs' and the top's energy above idle.
//  3. Fit the energies per action (MAC, operand / register / weight bit
//     toggle, skew bit, read-out) to the runs' counts by non-negative least
//     squares (hw/energy/energy_fit); idle and leakage come from the idle run.
//  All energies in pJ (mW x ns). T is the characterization clock period.
#pragma once
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "hw/energy/energy_table.hpp"
#include "models/engine/engine_config.hpp"
#include "models/formats/matrix.hpp"

namespace tpe::hw {

struct CharacterizeOptions {
  std::string cache_dir;                 // empty: <default_cache_dir()>/energy
  double clock_ns = 10.0;                // clock of the power runs
  GemmShape workload{64, 64, 172};       // stories260K's native FFN-up shape
  std::string source = "stories260K";    // operand source (models/gemm/gemm_operands)
  uint64_t seed = 1;
  std::function<void(const std::string&)> progress;  // one line per step; may be empty
};

// Throws SynthError (missing yosys/sta/liberty: the `make setup` hint) or
// std::runtime_error naming the step that failed.
EnergyTable characterize_energy(const EngineConfig& cfg, const CharacterizeOptions& opt = {});

// The table characterize_energy would return, when it is already in the
// cache; nothing is synthesized (std::nullopt on a miss).
std::optional<EnergyTable> cached_energy_table(const EngineConfig& cfg, const CharacterizeOptions& opt = {});

}  // namespace tpe::hw
