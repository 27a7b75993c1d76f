#include "sim/families/systolic/systolic_sim.hpp"

#include "sim/families/systolic/systolic_controller.hpp"
#include "sim/families/systolic/systolic_os_model.hpp"
#include "sim/families/systolic/systolic_stationary_model.hpp"

namespace tpe::systolic {
namespace {

class SystolicSim final : public FamilySim {
 public:
  std::unique_ptr<GemmController> make_controller(const EngineConfig& cfg, const OperandMatrix& a,
                                                  const OperandMatrix& b) const override {
    return std::make_unique<SystolicController>(cfg, a, b);
  }
  std::unique_ptr<ArrayDevice> make_model(const EngineConfig& cfg) const override {
    if (Params::of(cfg).os()) return std::make_unique<SystolicOsModel>(cfg);
    return std::make_unique<SystolicStationaryModel>(cfg);
  }
};

}  // namespace

std::shared_ptr<const FamilySim> sim() { return std::make_shared<SystolicSim>(); }

}  // namespace tpe::systolic
