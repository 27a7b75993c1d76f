#pragma once
#include <memory>

#include "sim/core/family_sim.hpp"

namespace tpe::hbmpim {
std::shared_ptr<const FamilySim> sim();
}  // namespace tpe::hbmpim
