// The matrix2d family's RTL view (rtlgen/families/matrix2d/matrix2d_gen).
#pragma once
#include <memory>

#include "rtlgen/core/family_rtl.hpp"

namespace tpe::matrix2d {

std::shared_ptr<const rtl::FamilyRtl> rtl();

}  // namespace tpe::matrix2d
