// The mixed family's RTL view (rtlgen/families/mixed/mixed_gen).
#pragma once
#include <memory>

#include "rtlgen/core/family_rtl.hpp"

namespace tpe::mixed {

std::shared_ptr<const rtl::FamilyRtl> rtl();

}  // namespace tpe::mixed
