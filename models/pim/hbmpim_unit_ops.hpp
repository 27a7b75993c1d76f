// What an HBM-PIM near-bank unit does with one burst: the op codes shared by
// the schedule (sim/pim/hbmpim_schedule), the units' cycle model
// (sim/families/hbmpim) and their RTL (rtlgen/families/hbmpim, the `op` port).
#pragma once

namespace tpe::pim {

enum class UnitOp : int {
  Reset = 0,      // HAB -> HAB_PIM entry: every GRF_B lane := +0
  WriteGrfA = 1,  // the host's burst -> GRF_A[grf_a] of every unit
  Mac = 2,        // GRF_B[grf_b] := fp16(fp16(bank x GRF_A[grf_a]) + GRF_B[grf_b]), every lane, every unit
  WriteBack = 3,  // GRF_B[grf_b] -> the unit's bank (the unit drives its data bus)
  Read = 4,       // a bank's burst passes the unit on its way to the host (the unit drives its data bus)
};
constexpr int kUnitOps = 5;

}  // namespace tpe::pim
