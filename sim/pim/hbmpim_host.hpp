// Everything around the near-bank units in a GEMV: the banks (preloaded
// weights, the results the units write back) and the host (the input tiles
// it writes to GRF_A, the 16-lane reduction of each result burst it reads).
// Shared by the plain C++ run (hbmpim_gemv_sim) and the family's controller
// (sim/families/hbmpim), which feed the same events to the units' model or
// to their RTL.
#pragma once
#include <cstdint>
#include <vector>

#include "sim/pim/hbmpim_schedule.hpp"

namespace tpe::pim {

class HbmPimHost {
 public:
  // w: N x K; x: the schedule's batch of input vectors of K, one after another.
  HbmPimHost(const HbmPimConfig& cfg, const HbmPimSchedule& s, const Fp16Matrix& w, std::vector<uint16_t> x);
  // What the units see at event e: the host's burst (WriteGrfA) and every
  // unit's bank burst (Mac, Read; a park read shows +0).
  void inputs(const UnitEvent& e, Burst& host, std::vector<Burst>& bank) const;
  // What the units drove at event e (WriteBack: into the odd banks; Read of a
  // result: reduced by the host into y).
  void outputs(const UnitEvent& e, const std::vector<Burst>& dq);
  const std::vector<uint16_t>& y() const { return y_; }  // batch x N
  std::vector<uint16_t> take_y() { return std::move(y_); }

 private:
  const HbmPimSchedule& s_;
  int units_, per_pch_;
  HbmPimBanks banks_;
  std::vector<uint16_t> x_, y_;
};

}  // namespace tpe::pim
