#include "rtlgen/families/shiftadd/shiftadd_rtl.hpp"

#include "rtlgen/families/shiftadd/shiftadd_gen.hpp"

namespace tpe::shiftadd {
namespace {

class ShiftAddRtl final : public rtl::FamilyRtl {
 public:
  rtl::Design generate(const EngineConfig& cfg) const override { return rtl::generate_shiftadd(cfg); }
  // The PE: lookups, shifters, adders and the accumulator (the row's table
  // unit is shared by the row's PEs and synthesized with the array).
  std::string pe_module(const EngineConfig& cfg) const override { return rtl::shiftadd_pe_name(cfg); }
};

}  // namespace

std::shared_ptr<const rtl::FamilyRtl> rtl() { return std::make_shared<ShiftAddRtl>(); }

}  // namespace tpe::shiftadd
