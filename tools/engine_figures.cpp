#include "tools/engine_figures.hpp"

#include <iostream>

#include <fmt/format.h>

#include "hw/energy/energy_characterize.hpp"

namespace tpe::cli {

EngineFigures engine_figures(const EngineConfig& cfg, const std::string& config_path, bool characterize,
                             double clock_mhz) {
  EngineFigures f;
  hw::CharacterizeOptions copt;
  if (characterize) {
    copt.progress = [](const std::string& s) { std::cerr << s << "\n"; };
    f.table = hw::characterize_energy(cfg, copt);
  } else {
    f.table = hw::cached_energy_table(cfg, copt);
  }
  if (!f.table)
    f.energy_note = fmt::format(
        "no energy table for {} in the cache: add --characterize (synthesizes and characterizes it once with "
        "Yosys + OpenSTA, minutes, then cached), or run `tpe energy --config {} ...` once",
        cfg.tag(), config_path);
  if (clock_mhz > 0) {
    f.clock_mhz = clock_mhz;
    f.clock_source = "--clock-mhz";
  } else if (f.table) {
    f.clock_mhz = f.table->fmax.value;
    f.clock_source = "hierarchical Fmax of the energy table";
  }
  return f;
}

void no_energy_for_closed_form(EngineFigures& f) {
  f.replayable = false;
  f.energy_note = "closed-form cycles carry no activity counters: energy needs the cycle model (drop --fast)";
}

std::optional<hw::EnergyReport> replay(const EngineFigures& f, const EngineConfig& cfg, const ActivityTrace& trace,
                                       double useful_macs) {
  if (!f.table || !f.replayable) return std::nullopt;
  hw::ReplayOptions o;
  o.useful_macs = useful_macs;
  o.clock_ns = f.clock_mhz > 0 ? 1000.0 / f.clock_mhz : 0;
  return hw::replay_energy(*f.table, cfg, trace, GemmShape{1, 1, 1}, o);
}

}  // namespace tpe::cli
