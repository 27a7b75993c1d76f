// The cube family's RTL view (rtlgen/families/cube/cube_gen).
#pragma once
#include <memory>

#include "rtlgen/core/family_rtl.hpp"

namespace tpe::cube {

std::shared_ptr<const rtl::FamilyRtl> rtl();

}  // namespace tpe::cube
