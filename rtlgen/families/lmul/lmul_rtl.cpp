#include "rtlgen/families/lmul/lmul_rtl.hpp"

#include "rtlgen/families/lmul/lmul_gen.hpp"

namespace tpe::lmul {
namespace {

class LmulRtl final : public rtl::FamilyRtl {
 public:
  rtl::Design generate(const EngineConfig& cfg) const override { return rtl::generate_lmul(cfg); }
  // The PE: one multiplier, one adder, one accumulator.
  std::string pe_module(const EngineConfig& cfg) const override { return rtl::lmul_pe_name(cfg); }
};

}  // namespace

std::shared_ptr<const rtl::FamilyRtl> rtl() { return std::make_shared<LmulRtl>(); }

}  // namespace tpe::lmul
