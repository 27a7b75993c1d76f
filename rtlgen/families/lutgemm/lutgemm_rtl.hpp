// The lutgemm family's RTL view (rtlgen/families/lutgemm/lutgemm_gen).
#pragma once
#include <memory>

#include "rtlgen/core/family_rtl.hpp"

namespace tpe::lutgemm {

std::shared_ptr<const rtl::FamilyRtl> rtl();

}  // namespace tpe::lutgemm
