#include "sim/families/mixed/mixed_sim.hpp"

#include "sim/families/mixed/mixed_controller.hpp"
#include "sim/families/mixed/mixed_model.hpp"

namespace tpe::mixed {
namespace {

class MixedSim final : public FamilySim {
 public:
  std::unique_ptr<GemmController> make_controller(const EngineConfig& cfg, const OperandMatrix& a,
                                                  const OperandMatrix& b) const override {
    return std::make_unique<MixedController>(cfg, a, b);
  }
  std::unique_ptr<ArrayDevice> make_model(const EngineConfig& cfg) const override {
    return std::make_unique<MixedModel>(cfg);
  }
};

}  // namespace

std::shared_ptr<const FamilySim> sim() { return std::make_shared<MixedSim>(); }

}  // namespace tpe::mixed
