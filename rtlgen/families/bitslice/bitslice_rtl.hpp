// The bitslice family's RTL view (rtlgen/families/bitslice/bitslice_gen).
#pragma once
#include <memory>

#include "rtlgen/core/family_rtl.hpp"

namespace tpe::bitslice {

std::shared_ptr<const rtl::FamilyRtl> rtl();

}  // namespace tpe::bitslice
