// An energy table characterized on a small array of a PE, carried over to a
// larger array of the same PE: the gate-level characterization of a 16x16
// array takes hours (its Verilated netlist build dominates), of a 4x4 array
// minutes, and the per-PE figures (idle, leakage, every PE action) do not
// depend on the array's size. What does: the top's logic (read-out select,
// edge registers, per-column adders), so its idle and leakage figures are
// scaled by the ratio of the two tops' own cell area, and the area is the
// large array's. docs/paper_comparison.md measures the error of this on the
// systolic OS array, where both tables exist.
#pragma once
#include <string>

#include "hw/energy/energy_table.hpp"

namespace tpe::hw {

struct TransferSizes {
  std::string small_tag, large_tag;
  double small_top_area_um2 = 0;  // the top module's own cells (no PEs)
  double large_top_area_um2 = 0;
  double large_area_um2 = 0;      // the whole large array
};

// Throws std::invalid_argument when the table is not the small array's or an
// area is not positive.
EnergyTable transfer_energy_table(const EnergyTable& small, const TransferSizes& s);

}  // namespace tpe::hw
