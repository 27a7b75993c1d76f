#include "sim/families/cube/cube_sim.hpp"

#include "sim/families/cube/cube_controller.hpp"
#include "sim/families/cube/cube_model.hpp"

namespace tpe::cube {
namespace {

class CubeSim final : public FamilySim {
 public:
  std::unique_ptr<GemmController> make_controller(const EngineConfig& cfg, const OperandMatrix& a,
                                                  const OperandMatrix& b) const override {
    return std::make_unique<CubeController>(cfg, a, b);
  }
  std::unique_ptr<ArrayDevice> make_model(const EngineConfig& cfg) const override {
    return std::make_unique<CubeModel>(cfg);
  }
};

}  // namespace

std::shared_ptr<const FamilySim> sim() { return std::make_shared<CubeSim>(); }

}  // namespace tpe::cube
