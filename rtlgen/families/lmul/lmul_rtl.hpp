// The lmul family's RTL view (rtlgen/families/lmul/lmul_gen).
#pragma once
#include <memory>

#include "rtlgen/core/family_rtl.hpp"

namespace tpe::lmul {

std::shared_ptr<const rtl::FamilyRtl> rtl();

}  // namespace tpe::lmul
