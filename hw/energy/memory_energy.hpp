// Per-bit energy of on-chip SRAM and off-chip DRAM accesses, as data with the
// source of every figure attached (node, voltage, where the number was
// published). The figures are those collected in the project's
// ref/sim_anchors.md section 9; per-bit values are the per-access figures
// divided by the access width (marked "derived" in the note).
#pragma once
#include <string>
#include <vector>

namespace tpe::hw {

enum class MemoryKind { Sram, Dram };

struct MemoryEnergyEntry {
  MemoryKind kind = MemoryKind::Sram;
  std::string name;             // e.g. "SRAM 32 KB", "HBM2"
  double capacity_bytes = 0;    // SRAM macro capacity (0 for DRAM)
  int access_bits = 0;          // width the published figure is per (0: already per bit)
  double read_pj_per_bit = 0;
  double write_pj_per_bit = 0;  // equal to read when the source gives one figure
  double node_nm = 0;           // 0: not stated by the source
  double vdd_v = 0;             // 0: not stated by the source
  std::string source;           // publication / file the figure comes from
  std::string note;             // how the per-bit value was obtained
};

// All entries, SRAM first (by source, then capacity), then DRAM.
const std::vector<MemoryEnergyEntry>& memory_energy_table();

// DRAM per-bit entry by type name ("HBM2", "LPDDR4", "GDDR5", "HMC", "DDR3",
// "LPDDR", "DDR4"; case-insensitive). DDR4 is computed from datasheet
// currents (core energy only, a lower bound). An unknown type throws
// std::out_of_range naming the listed ones.
const MemoryEnergyEntry& dram_energy(const std::string& type);

// SRAM per-bit energy at any capacity from Horowitz's three 45 nm points
// (8 KB, 32 KB, 1 MB) by log-log interpolation (energy ~ capacity^0.46-0.5,
// i.e. wire length); outside 8 KB..1 MB the nearest segment is extended and
// the note says "extrapolated". The result carries the derived source.
MemoryEnergyEntry sram_energy_per_bit(double capacity_bytes);

}  // namespace tpe::hw
