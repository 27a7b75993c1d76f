// The lutgemm family's SystemC view: its controller and cycle model.
#pragma once
#include <memory>

#include "sim/core/family_sim.hpp"

namespace tpe::lutgemm {
std::shared_ptr<const FamilySim> sim();
}  // namespace tpe::lutgemm
