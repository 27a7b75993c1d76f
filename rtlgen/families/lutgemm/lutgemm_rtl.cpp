#include "rtlgen/families/lutgemm/lutgemm_rtl.hpp"

#include "rtlgen/families/lutgemm/lutgemm_gen.hpp"

namespace tpe::lutgemm {
namespace {

class LutGemmRtl final : public rtl::FamilyRtl {
 public:
  rtl::Design generate(const EngineConfig& cfg) const override { return rtl::generate_lutgemm(cfg); }
  // The PE: lookups, fp16 sums, the fold's multipliers and adders, the
  // registers (the row's table unit is shared by the row's PEs and
  // synthesized with the array).
  std::string pe_module(const EngineConfig& cfg) const override { return rtl::lutgemm_pe_name(cfg); }
};

}  // namespace

std::shared_ptr<const rtl::FamilyRtl> rtl() { return std::make_shared<LutGemmRtl>(); }

}  // namespace tpe::lutgemm
