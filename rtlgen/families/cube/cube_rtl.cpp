#include "rtlgen/families/cube/cube_rtl.hpp"

#include "rtlgen/families/cube/cube_cell_gen.hpp"
#include "rtlgen/families/cube/cube_gen.hpp"

namespace tpe::cube {
namespace {

class CubeRtl final : public rtl::FamilyRtl {
 public:
  rtl::Design generate(const EngineConfig& cfg) const override { return rtl::generate_cube(cfg); }
  // One cell: the Z-deep reduction chain and its accumulator.
  std::string pe_module(const EngineConfig& cfg) const override { return rtl::cube_cell_name(cfg); }
};

}  // namespace

std::shared_ptr<const rtl::FamilyRtl> rtl() { return std::make_shared<CubeRtl>(); }

}  // namespace tpe::cube
