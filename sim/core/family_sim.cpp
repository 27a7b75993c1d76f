#include "sim/core/family_sim.hpp"

#include <stdexcept>

#include <fmt/format.h>

#include "models/engine/family_registry.hpp"

namespace tpe {

uint64_t FamilySim::cycle_bound(const EngineConfig& cfg, const GemmShape& shape) const {
  const auto cf = family_of(cfg).spec->closed_form_cycles(cfg, shape);
  if (!cf)
    throw std::logic_error(fmt::format("family '{}' has no closed-form cycle count: it must override cycle_bound",
                                       cfg.family));
  return 2 * *cf + 1000;
}

std::unique_ptr<ArrayDevice> make_array_model(const EngineConfig& cfg) { return family_of(cfg).sim->make_model(cfg); }

std::unique_ptr<GemmController> make_controller(const EngineConfig& cfg, const OperandMatrix& a,
                                                const OperandMatrix& b) {
  return family_of(cfg).sim->make_controller(cfg, a, b);
}

}  // namespace tpe
