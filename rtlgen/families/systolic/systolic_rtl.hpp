// The systolic family's RTL view (rtlgen/families/systolic/systolic_gen).
#pragma once
#include <memory>

#include "rtlgen/core/family_rtl.hpp"

namespace tpe::systolic {

std::shared_ptr<const rtl::FamilyRtl> rtl();

}  // namespace tpe::systolic
