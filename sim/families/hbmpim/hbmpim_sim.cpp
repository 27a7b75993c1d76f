#include "sim/families/hbmpim/hbmpim_sim.hpp"

#include "sim/families/hbmpim/hbmpim_controller.hpp"
#include "sim/families/hbmpim/hbmpim_model.hpp"

namespace tpe::hbmpim {
namespace {

class HbmPimSim final : public FamilySim {
 public:
  std::unique_ptr<GemmController> make_controller(const EngineConfig& cfg, const OperandMatrix& a,
                                                  const OperandMatrix& b) const override {
    return std::make_unique<HbmPimController>(cfg, a, b);
  }
  std::unique_ptr<ArrayDevice> make_model(const EngineConfig& cfg) const override {
    return std::make_unique<HbmPimModel>(cfg);
  }
};

}  // namespace

std::shared_ptr<const FamilySim> sim() { return std::make_shared<HbmPimSim>(); }

}  // namespace tpe::hbmpim
