// The shiftadd family's RTL view (rtlgen/families/shiftadd/shiftadd_gen).
#pragma once
#include <memory>

#include "rtlgen/core/family_rtl.hpp"

namespace tpe::shiftadd {

std::shared_ptr<const rtl::FamilyRtl> rtl();

}  // namespace tpe::shiftadd
