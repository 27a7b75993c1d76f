#include "rtlgen/families/hbmpim/hbmpim_rtl.hpp"

#include "rtlgen/families/hbmpim/hbmpim_gen.hpp"

namespace tpe::hbmpim {
namespace {

class HbmPimRtl final : public rtl::FamilyRtl {
 public:
  rtl::Design generate(const EngineConfig& cfg) const override { return rtl::generate_hbmpim(cfg); }
  // The unit beside a bank pair: 16 lanes, GRF_A and GRF_B.
  std::string pe_module(const EngineConfig&) const override { return rtl::kHbmPimUnitName; }
};

}  // namespace

std::shared_ptr<const rtl::FamilyRtl> rtl() { return std::make_shared<HbmPimRtl>(); }

}  // namespace tpe::hbmpim
