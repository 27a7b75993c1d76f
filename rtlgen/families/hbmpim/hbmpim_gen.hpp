// Verilog of the HBM-PIM family: the near-bank units of the device (one per
// bank pair, every pseudo-channel), each a 16-lane fp16 MAC unit with GRF_A
// and GRF_B (8 x 256 bits each) executing one burst event per edge
// (sim/families/hbmpim/hbmpim_model.hpp has the same ports and timing).
// The DRAM (banks, command timing, the host's reduction) is not RTL: the
// controller plays it from the schedule (docs/families/hbmpim.md).
#pragma once
#include <string>

#include "models/engine/engine_config.hpp"
#include "rtlgen/ir/ir.hpp"

namespace tpe::rtl {

constexpr const char* kHbmPimUnitName = "hbmpim_unit_fp16";
Design generate_hbmpim(const EngineConfig& cfg);

}  // namespace tpe::rtl
