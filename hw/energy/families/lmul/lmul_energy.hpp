// The lmul family's energy view: its toggle recorder, its characterization
// runs and the actions its energy is fitted to. The PE is one L-Mul
// multiplier, one fp32 adder and the fp32 accumulator; the operands reach the
// PEs straight from the top's ports (no input register), so the top's own
// cells are only the out_valid flop.
#pragma once
#include <memory>

#include "hw/energy/family_energy.hpp"

namespace tpe::lmul {

std::shared_ptr<const hw::FamilyEnergy> energy();

}  // namespace tpe::lmul
