// The addertree family's energy view: its toggle recorder, its
// characterization runs and the actions its energy is fitted to. The PE is
// one dot-product unit (K multipliers, its tree, its weights, its output
// register); the top's own cells are the input register (and, with OPT2,
// the Booth encoders shared by every unit).
#pragma once
#include <memory>

#include "hw/energy/family_energy.hpp"

namespace tpe::addertree {

std::shared_ptr<const hw::FamilyEnergy> energy();

}  // namespace tpe::addertree
