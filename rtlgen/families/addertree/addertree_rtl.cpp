#include "rtlgen/families/addertree/addertree_rtl.hpp"

#include "rtlgen/families/addertree/addertree_gen.hpp"
#include "rtlgen/families/addertree/dpu_gen.hpp"
#include "rtlgen/families/addertree/opt2_dpu_gen.hpp"

namespace tpe::addertree {
namespace {

class AdderTreeRtl final : public rtl::FamilyRtl {
 public:
  rtl::Design generate(const EngineConfig& cfg) const override { return rtl::generate_addertree(cfg); }
  // The PE is one dot-product unit.
  std::string pe_module(const EngineConfig& cfg) const override {
    return cfg.pe == "opt2" ? rtl::opt2_dpu_name(cfg) : rtl::dpu_name(cfg);
  }
};

}  // namespace

std::shared_ptr<const rtl::FamilyRtl> rtl() { return std::make_shared<AdderTreeRtl>(); }

}  // namespace tpe::addertree
