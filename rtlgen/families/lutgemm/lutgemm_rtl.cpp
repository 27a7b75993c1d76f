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
  // 446 fp16 adders per table unit, 2(q + 1) adders and q + 1 multipliers
  // per PE: ~17 MB of C++ from Verilator for a 1 x 2 array, 10 minutes at
  // -O2 on a loaded 2-core machine.
  bool compile_unoptimized(const EngineConfig&) const override { return true; }
};

}  // namespace

std::shared_ptr<const rtl::FamilyRtl> rtl() { return std::make_shared<LutGemmRtl>(); }

}  // namespace tpe::lutgemm
