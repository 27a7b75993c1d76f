// The cube family's cycle-model view: its controller and its cycle model.
#pragma once
#include <memory>

#include "sim/core/family_sim.hpp"

namespace tpe::cube {

std::shared_ptr<const FamilySim> sim();

}  // namespace tpe::cube
