// The one registry of engine families. A family is four parts, one per view;
// each view's code reaches its part through the family named in the
// description. engines/builtin_families.cpp registers every family in one
// place, with an explicit call (static libraries drop self-registering
// objects): programs call tpe::register_builtin_families() first.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "models/engine/family_spec.hpp"

namespace tpe {
class FamilySim;
namespace rtl { class FamilyRtl; }
namespace hw { class FamilyEnergy; }

struct EngineFamily {
  std::shared_ptr<const FamilySpec> spec;          // models/: fields, ports, counters, closed form
  std::shared_ptr<const FamilySim> sim;            // sim/: controller and cycle model
  std::shared_ptr<const rtl::FamilyRtl> rtl;       // rtlgen/: Verilog generator
  std::shared_ptr<const hw::FamilyEnergy> energy;  // hw/: energy actions and characterization runs
};

// Throws std::logic_error on a duplicate name or a missing part.
void register_family(EngineFamily family);
// Throws ConfigError naming `source`, the field 'family', the value and the
// registered names.
const EngineFamily& find_family(const std::string& name, const std::string& source = "engine description");
const EngineFamily& family_of(const EngineConfig& cfg);
std::vector<std::string> registered_families();

// The closed-form cycle count of the description's family, where it has one.
inline std::optional<uint64_t> closed_form_cycles(const EngineConfig& cfg, const GemmShape& shape) {
  return family_of(cfg).spec->closed_form_cycles(cfg, shape);
}

// The exact result the description's engine must produce for these operands
// (FamilySpec::reference_result: int_gemm for integer engines).
inline ResultMatrix engine_reference(const EngineConfig& cfg, const OperandMatrix& a, const OperandMatrix& b) {
  return family_of(cfg).spec->reference_result(cfg, a, b);
}

// Defined in engines/builtin_families.cpp; idempotent.
void register_builtin_families();

}  // namespace tpe
