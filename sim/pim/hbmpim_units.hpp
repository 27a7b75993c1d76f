// The near-bank units of an HBM-PIM device, functionally: every unit's GRF_A
// and GRF_B (8 bursts of 16 fp16 lanes each) and what one burst event does to
// them (sim/pim/hbmpim_schedule's UnitOp). All units execute the same event
// (HAB_PIM all-bank commands); each sees its own bank's burst. The CRF
// program of the GEMV (MAC/JUMP/MAC/JUMP/EXIT) is unrolled into the events'
// register indices; the SRF is not used by the GEMV (docs/pim.md).
#pragma once
#include <cstdint>
#include <vector>

#include "sim/pim/hbmpim_schedule.hpp"

namespace tpe::pim {

class NearBankUnits {
 public:
  explicit NearBankUnits(int units);
  void reset();  // every register +0
  // host: the host's burst (WriteGrfA); bank: unit u's bank burst at
  // bank[u] (Mac, Read); dq[u]: what unit u drives on its data bus (WriteBack,
  // Read). Returns whether the units drive their data buses.
  bool execute(UnitOp op, int grf_a, int grf_b, const Burst& host, const std::vector<Burst>& bank,
               std::vector<Burst>& dq);
  int units() const { return int(grf_b_.size()); }

 private:
  std::array<Burst, kGrfA> grf_a_{};                 // the same in every unit (written by broadcast)
  std::vector<std::array<Burst, kGrfB>> grf_b_;
};

}  // namespace tpe::pim
