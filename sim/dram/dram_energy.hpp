// DRAM command energy from a preset's datasheet currents (IDD), by the method
// DRAMsim3 uses (and NewtonSim, the PIM simulator of NeuPIMs, inherits): each
// command is priced by the current it draws above the standby current for the
// cycles it occupies, times VDD.
//   ACT (its PRE included)  VDD x (IDD0 x tRC - IDD3N x tRAS - IDD2N x tRP) x tCK
//   RD / WR (one burst)     VDD x (IDD4R / IDD4W - IDD3N) x burst cycles x tCK
//   REFab                   VDD x (IDD5AB - IDD3N) x tRFC x tCK
//   background              VDD x IDD3N x tCK per cycle (active standby: a
//                           bank is open for most of a PIM run; an upper bound
//                           of the standby share otherwise)
// PRE/PREA cost nothing of their own: IDD0 is measured over a whole ACT-PRE
// cycle. PIM commands: an all-bank column command (a MAC read of every unit's
// bank, a write-back to every unit's bank) costs `pim_column_factor` reads or
// writes and an all-bank ACT `pim_act_factor` ACTs; NewtonSim prices its COMP
// as 4 reads and G_ACT as 4 ACTs ("newton paper said 4x power"). The preset
// file holds the currents and the factors with their source.
// mA x V x ns = pJ: every figure below is in pJ.
#pragma once
#include <array>
#include <cstdint>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "sim/dram/dram_command.hpp"

namespace tpe::dram {

// The per-command energies of one pseudo-channel (or channel, when the
// preset has no pseudo-channels) of `spec`, in pJ.
struct DramCommandEnergy {
  double act_pj = 0, rd_pj = 0, wr_pj = 0, pre_pj = 0, refab_pj = 0;
  double background_pj_per_cycle = 0;
  double pim_column_factor = 1, pim_act_factor = 1;
  std::string source;  // the currents' source and the method

  // pJ of one command of type `c` (single-bank commands; PRE/PREA 0).
  double of(Cmd c) const;
};

// The command energies of `spec`; std::nullopt when the preset carries no
// currents ("power" object).
std::optional<DramCommandEnergy> dram_command_energy(const DramSpec& spec);

// What a run's DRAM commands cost, by component, in pJ.
struct DramEnergyBreakdown {
  std::array<double, kCmdCount> by_command_pj{};  // single-bank (standard) commands
  double pim_column_pj = 0;                       // all-bank column commands (MAC reads, write-backs)
  double pim_act_pj = 0;                          // all-bank ACTs
  double background_pj = 0;
  double total_pj() const;
  nlohmann::json to_json() const;  // keys name their unit (pJ)
};

// Commands of one pseudo-channel, split by mode: `commands` are every command
// by type (all-bank ones included, as the schedule counts them);
// `ab_column_reads`, `ab_column_writes`, `ab_acts` how many of them were
// all-bank. `units` pseudo-channels ran the same stream over `cycles` cycles.
struct DramCommandCounts {
  std::array<uint64_t, kCmdCount> commands{};
  uint64_t ab_column_reads = 0, ab_column_writes = 0, ab_acts = 0;
  uint64_t cycles = 0;
  uint64_t units = 1;
};

DramEnergyBreakdown price_dram_commands(const DramCommandEnergy& e, const DramCommandCounts& n);

}  // namespace tpe::dram
