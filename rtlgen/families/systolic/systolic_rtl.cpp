#include "rtlgen/families/systolic/systolic_rtl.hpp"

#include "models/families/systolic/systolic_spec.hpp"

#include "rtlgen/families/systolic/pe_gen.hpp"
#include "rtlgen/families/systolic/pe_opt1_gen.hpp"
#include "rtlgen/families/systolic/pe_stationary_gen.hpp"
#include "rtlgen/families/systolic/systolic_gen.hpp"

namespace tpe::systolic {
namespace {

class SystolicRtl final : public rtl::FamilyRtl {
 public:
  rtl::Design generate(const EngineConfig& cfg) const override { return rtl::generate_systolic(cfg); }
  std::string pe_module(const EngineConfig& cfg) const override {
    const bool opt1 = cfg.pe == "opt1";
    if (cfg.text("dataflow") != "os")
      return opt1 ? rtl::make_stationary_opt1_pe(cfg).name : rtl::make_stationary_pe(cfg).name;
    if (opt1) return rtl::make_os_opt1_pe(cfg).name;
    return Params::of(cfg).overlap() ? rtl::make_os_shadow_pe(cfg).name : rtl::make_os_pe(cfg).name;
  }
};

}  // namespace

std::shared_ptr<const rtl::FamilyRtl> rtl() { return std::make_shared<SystolicRtl>(); }

}  // namespace tpe::systolic
