// The lutgemm family's energy view: its toggle recorder, its
// characterization runs and the actions its energy is fitted to. A PE is the
// q lookups (mux trees over its row's table), the q + 1 fp16 sums, the fold's
// fp16 multipliers and adders and the registers; the row's table unit (446
// fp16 adders) is outside the PEs and priced with the top's own cells by the
// toggles of its activation inputs.
#pragma once
#include <memory>

#include "hw/energy/family_energy.hpp"

namespace tpe::lutgemm {

std::shared_ptr<const hw::FamilyEnergy> energy();

}  // namespace tpe::lutgemm
