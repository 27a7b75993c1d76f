// The mixed family's energy view: its toggle recorder, its characterization
// runs and the actions its energy is fitted to. The PE is one exact fp16
// multiplier, one fp32 adder and the fp32 accumulator, fed by its row's
// activation lane and its column's dequantized weight; the column
// dequantizers belong to the top's own cells (with the out_valid flop).
#pragma once
#include <memory>

#include "hw/energy/family_energy.hpp"

namespace tpe::mixed {

std::shared_ptr<const hw::FamilyEnergy> energy();

}  // namespace tpe::mixed
