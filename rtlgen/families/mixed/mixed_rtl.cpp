#include "rtlgen/families/mixed/mixed_rtl.hpp"

#include "rtlgen/families/mixed/mixed_gen.hpp"

namespace tpe::mixed {
namespace {

class MixedRtl final : public rtl::FamilyRtl {
 public:
  rtl::Design generate(const EngineConfig& cfg) const override { return rtl::generate_mixed(cfg); }
  // The PE: one exact fp16 multiplier, one fp32 adder, one accumulator (the
  // column dequantizers sit outside it, in the array).
  std::string pe_module(const EngineConfig& cfg) const override { return rtl::mixed_pe_name(cfg); }
};

}  // namespace

std::shared_ptr<const rtl::FamilyRtl> rtl() { return std::make_shared<MixedRtl>(); }

}  // namespace tpe::mixed
