#include "rtlgen/families/matrix2d/matrix2d_rtl.hpp"

#include "rtlgen/families/matrix2d/matrix2d_gen.hpp"
#include "rtlgen/families/matrix2d/matrix2d_pe_gen.hpp"

namespace tpe::matrix2d {
namespace {

class Matrix2dRtl final : public rtl::FamilyRtl {
 public:
  rtl::Design generate(const EngineConfig& cfg) const override { return rtl::generate_matrix2d(cfg); }
  std::string pe_module(const EngineConfig& cfg) const override {
    return cfg.pe == "opt1" ? rtl::make_matrix2d_opt1_pe(cfg).name : rtl::make_matrix2d_pe(cfg).name;
  }
};

}  // namespace

std::shared_ptr<const rtl::FamilyRtl> rtl() { return std::make_shared<Matrix2dRtl>(); }

}  // namespace tpe::matrix2d
