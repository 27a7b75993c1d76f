// Switching activity of a real workload: runs a GEMM under the family's
// controller with the family's toggle recorder (hw/energy/family_energy.hpp)
// between the controller and an array device (the C++ model, the Verilated
// RTL or the gate-level netlist), and returns the run's activity counters
// with the toggle counts the energy replay prices.
#pragma once
#include <cstdint>

#include "hw/energy/family_energy.hpp"
#include "models/engine/engine_config.hpp"
#include "models/formats/matrix.hpp"
#include "sim/core/activity.hpp"
#include "sim/core/array_device.hpp"

namespace tpe::hw {

struct WorkloadToggles {
  uint64_t cycles = 0;   // the run's cycle count (trace convention)
  ActivityTrace trace;   // the run's activity counters
  ToggleCounts toggles;  // the family's toggle counts and rates
};

// Throws if the run does not finish within the family's cycle bound.
WorkloadToggles measure_workload_toggles(const EngineConfig& cfg, const OperandMatrix& a, const OperandMatrix& b,
                                         ArrayDevice& dev, ResultMatrix* c_out = nullptr);

}  // namespace tpe::hw
