// The one place engine families are registered: one line per family, its
// four views (description, cycle model, Verilog generator, energy). Every
// program calls register_builtin_families() before reading a description;
// the co-simulation matrix, `tpe families`, the lint test and the README's
// family table then pick a new family up without further edits.
#include "hw/energy/families/addertree/addertree_energy.hpp"
#include "hw/energy/families/bitslice/bitslice_energy.hpp"
#include "hw/energy/families/cube/cube_energy.hpp"
#include "hw/energy/families/hbmpim/hbmpim_energy.hpp"
#include "hw/energy/families/lmul/lmul_energy.hpp"
#include "hw/energy/families/lutgemm/lutgemm_energy.hpp"
#include "hw/energy/families/matrix2d/matrix2d_energy.hpp"
#include "hw/energy/families/mixed/mixed_energy.hpp"
#include "hw/energy/families/shiftadd/shiftadd_energy.hpp"
#include "hw/energy/families/systolic/systolic_energy.hpp"
#include "models/engine/family_registry.hpp"
#include "models/families/addertree/addertree_spec.hpp"
#include "models/families/bitslice/bitslice_spec.hpp"
#include "models/families/cube/cube_spec.hpp"
#include "models/families/lmul/lmul_spec.hpp"
#include "models/families/lutgemm/lutgemm_spec.hpp"
#include "models/families/matrix2d/matrix2d_spec.hpp"
#include "models/families/mixed/mixed_spec.hpp"
#include "models/families/shiftadd/shiftadd_spec.hpp"
#include "models/families/systolic/systolic_spec.hpp"
#include "rtlgen/families/addertree/addertree_rtl.hpp"
#include "rtlgen/families/bitslice/bitslice_rtl.hpp"
#include "rtlgen/families/cube/cube_rtl.hpp"
#include "rtlgen/families/hbmpim/hbmpim_rtl.hpp"
#include "rtlgen/families/lmul/lmul_rtl.hpp"
#include "rtlgen/families/lutgemm/lutgemm_rtl.hpp"
#include "rtlgen/families/matrix2d/matrix2d_rtl.hpp"
#include "rtlgen/families/mixed/mixed_rtl.hpp"
#include "rtlgen/families/shiftadd/shiftadd_rtl.hpp"
#include "rtlgen/families/systolic/systolic_rtl.hpp"
#include "sim/families/addertree/addertree_sim.hpp"
#include "sim/families/bitslice/bitslice_sim.hpp"
#include "sim/families/lmul/lmul_sim.hpp"
#include "sim/families/lutgemm/lutgemm_sim.hpp"
#include "sim/families/cube/cube_sim.hpp"
#include "sim/families/hbmpim/hbmpim_sim.hpp"
#include "sim/families/hbmpim/hbmpim_spec.hpp"
#include "sim/families/matrix2d/matrix2d_sim.hpp"
#include "sim/families/mixed/mixed_sim.hpp"
#include "sim/families/shiftadd/shiftadd_sim.hpp"
#include "sim/families/systolic/systolic_sim.hpp"

namespace tpe {

void register_builtin_families() {
  static const bool registered = [] {
    register_family({systolic::spec(), systolic::sim(), systolic::rtl(), systolic::energy()});
    register_family({cube::spec(), cube::sim(), cube::rtl(), cube::energy()});
    register_family({addertree::spec(), addertree::sim(), addertree::rtl(), addertree::energy()});
    register_family({matrix2d::spec(), matrix2d::sim(), matrix2d::rtl(), matrix2d::energy()});
    register_family({bitslice::spec(), bitslice::sim(), bitslice::rtl(), bitslice::energy()});
    register_family({lmul::spec(), lmul::sim(), lmul::rtl(), lmul::energy()});
    register_family({hbmpim::spec(), hbmpim::sim(), hbmpim::rtl(), hbmpim::energy()});
    register_family({shiftadd::spec(), shiftadd::sim(), shiftadd::rtl(), shiftadd::energy()});
    register_family({mixed::spec(), mixed::sim(), mixed::rtl(), mixed::energy()});
    register_family({lutgemm::spec(), lutgemm::sim(), lutgemm::rtl(), lutgemm::energy()});
    return true;
  }();
  (void)registered;
}

}  // namespace tpe
