// The HBM-PIM GEMV's controller: replays the kernel's schedule
// (sim/pim/hbmpim_schedule) one DRAM cycle per edge -- cmd_valid on the
// cycles a command issues, data_valid with the op and the bursts
// (sim/pim/hbmpim_host: the banks and the host) on the cycles a burst's last
// beat reaches the units -- and hands what the units drive back to the banks
// (write-backs) or the host (result reads, reduced over the 16 lanes).
#pragma once
#include <memory>

#include "sim/core/gemm_controller.hpp"
#include "sim/core/output_tile_walk.hpp"
#include "sim/pim/hbmpim_host.hpp"

namespace tpe::hbmpim {

class HbmPimController final : public GemmController {
 public:
  HbmPimController(const EngineConfig& cfg, const OperandMatrix& a, const OperandMatrix& b);
  const ArrayInputs& next(const ArrayOutputs& out) override;

 private:
  pim::HbmPimConfig dev_;
  pim::HbmPimSchedule sched_;
  std::unique_ptr<pim::HbmPimHost> host_;
  int units_;
  int cmd_valid_, data_valid_, op_, grf_a_, grf_b_, host_port_, bank_port_, out_valid_, dq_;
  uint64_t cycle_ = 0;
  size_t next_cmd_ = 0, next_event_ = 0;
  PendingOutputs<const pim::UnitEvent*> pending_;  // events whose data-bus output is still to come
  pim::Burst host_burst_{};
  std::vector<pim::Burst> bank_, dq_bursts_;
};

}  // namespace tpe::hbmpim
