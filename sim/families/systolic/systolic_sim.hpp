// The systolic family's cycle-model view: its controller and its cycle
// models (OS; WS and IS share the stationary model).
#pragma once
#include <memory>

#include "sim/core/family_sim.hpp"

namespace tpe::systolic {

std::shared_ptr<const FamilySim> sim();

}  // namespace tpe::systolic
