#pragma once
#include <memory>

#include "rtlgen/core/family_rtl.hpp"

namespace tpe::hbmpim {
std::shared_ptr<const rtl::FamilyRtl> rtl();
}  // namespace tpe::hbmpim
