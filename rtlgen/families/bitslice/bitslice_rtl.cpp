#include "rtlgen/families/bitslice/bitslice_rtl.hpp"

#include "rtlgen/families/bitslice/bitslice_gen.hpp"
#include "rtlgen/families/bitslice/bitslice_pe_gen.hpp"

namespace tpe::bitslice {
namespace {

class BitsliceRtl final : public rtl::FamilyRtl {
 public:
  rtl::Design generate(const EngineConfig& cfg) const override { return rtl::generate_bitslice(cfg); }
  std::string pe_module(const EngineConfig& cfg) const override { 
    if (cfg.pe == "opt3" || cfg.pe == "opt4c" || cfg.pe == "opt4e") return rtl::make_opt3_pe(cfg).name;
    if (cfg.pe == "laconic") return rtl::generate_bitslice(cfg).modules.front().name;
    return rtl::make_stripes_pe(cfg).name;
  }
};

}  // namespace

std::shared_ptr<const rtl::FamilyRtl> rtl() { return std::make_shared<BitsliceRtl>(); }

}  // namespace tpe::bitslice
