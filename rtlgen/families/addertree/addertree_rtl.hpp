// The addertree family's RTL view (rtlgen/families/addertree/addertree_gen).
#pragma once
#include <memory>

#include "rtlgen/core/family_rtl.hpp"

namespace tpe::addertree {

std::shared_ptr<const rtl::FamilyRtl> rtl();

}  // namespace tpe::addertree
