// What turns cycle counts into time and energy for an engine: its energy
// table (hw/energy, per-action energies, area, hierarchical Fmax) when one is
// in the cache or asked for, and the clock used for time and tokens/s.
#pragma once
#include <optional>
#include <string>

#include "hw/energy/energy_replay.hpp"
#include "hw/energy/energy_table.hpp"
#include "models/engine/engine_config.hpp"

namespace tpe::cli {

struct EngineFigures {
  std::optional<hw::EnergyTable> table;
  double clock_mhz = 0;      // 0: unknown (no table and no --clock-mhz)
  std::string clock_source;  // "hierarchical Fmax of the energy table", "--clock-mhz"
  std::string energy_note;   // why there is no energy, and how to get it
  bool replayable = true;    // false: the run's traces hold no activity counters (closed form)
};

// Closed-form runs carry cycles and MACs only: keep the table (area, Fmax,
// clock) but no energy replay, and say why.
void no_energy_for_closed_form(EngineFigures& f);

// characterize: synthesize and characterize when the cache has no table
// (minutes the first time); else only a cached table is used.
// clock_mhz > 0 overrides the table's Fmax.
EngineFigures engine_figures(const EngineConfig& cfg, const std::string& config_path, bool characterize,
                             double clock_mhz);

// Energy of `trace` (a sum of GEMM runs) on the table; nullopt without a
// table. `useful_macs`: the GEMMs' own MACs (sum of M x K x N), which the
// per-MAC and per-op figures count.
std::optional<hw::EnergyReport> replay(const EngineFigures& f, const EngineConfig& cfg, const ActivityTrace& trace,
                                       double useful_macs);

}  // namespace tpe::cli
