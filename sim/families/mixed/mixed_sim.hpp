// The mixed family's cycle-model view: its controller and cycle model.
#pragma once
#include <memory>

#include "sim/core/family_sim.hpp"

namespace tpe::mixed {

std::shared_ptr<const FamilySim> sim();

}  // namespace tpe::mixed
