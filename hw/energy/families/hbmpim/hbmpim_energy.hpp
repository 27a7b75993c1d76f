#pragma once
#include <memory>

#include "hw/energy/family_energy.hpp"

namespace tpe::hbmpim {
// The near-bank units' energy view (the DRAM's command energy is not here).
std::shared_ptr<const hw::FamilyEnergy> energy();
}  // namespace tpe::hbmpim
