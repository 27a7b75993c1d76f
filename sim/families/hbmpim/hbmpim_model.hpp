// Cycle model of the HBM-PIM near-bank units on the family's ports (the RTL
// of rtlgen/families/hbmpim shows the same values on every edge). At an edge
// with data_valid the units execute `op` (sim/pim/hbmpim_units); out_valid
// after the edge = the op drove the data bus (WriteBack, Read), dq then holds
// every unit's burst and keeps it until the next such edge. cmd_valid only
// counts (the DRAM timing is the schedule's: sim/pim/hbmpim_schedule).
#pragma once
#include <cstdint>
#include <vector>

#include "models/engine/engine_config.hpp"
#include "sim/core/array_device.hpp"
#include "sim/pim/hbmpim_units.hpp"

namespace tpe::hbmpim {

enum Counter { kMac = 0, kGrfAWrites = 1, kWritebacks = 2, kReads = 3, kDramCommands = 4, kCounters = 5 };

class HbmPimModel final : public ArrayDevice {
 public:
  explicit HbmPimModel(const EngineConfig& cfg);
  void reset() override;
  const ArrayOutputs& tick(const ArrayInputs& in) override;
  const std::vector<uint64_t>* counters() const override { return &counts_; }

 private:
  PortLayout layout_;
  int units_;
  pim::NearBankUnits regs_;
  int cmd_valid_, data_valid_, op_, grf_a_, grf_b_, host_, bank_, out_valid_, dq_;  // port indices
  pim::Burst host_burst_{};
  std::vector<pim::Burst> bank_bursts_, dq_bursts_;
  std::vector<uint64_t> counts_;
  ArrayOutputs out_;
};

}  // namespace tpe::hbmpim
