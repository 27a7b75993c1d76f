// The bitslice family's energy view: its toggle recorder, its
// characterization runs and the actions its energy is fitted to.
#pragma once
#include <memory>

#include "hw/energy/family_energy.hpp"

namespace tpe::bitslice {

std::shared_ptr<const hw::FamilyEnergy> energy();

}  // namespace tpe::bitslice
