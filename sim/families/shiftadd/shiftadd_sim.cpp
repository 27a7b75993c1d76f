#include "sim/families/shiftadd/shiftadd_sim.hpp"

#include "sim/families/shiftadd/shiftadd_controller.hpp"
#include "sim/families/shiftadd/shiftadd_model.hpp"

namespace tpe::shiftadd {
namespace {

class ShiftAddSim final : public FamilySim {
 public:
  std::unique_ptr<GemmController> make_controller(const EngineConfig& cfg, const OperandMatrix& a,
                                                  const OperandMatrix& b) const override {
    return std::make_unique<ShiftAddController>(cfg, a, b);
  }
  std::unique_ptr<ArrayDevice> make_model(const EngineConfig& cfg) const override {
    return std::make_unique<ShiftAddModel>(cfg);
  }
};

}  // namespace

std::shared_ptr<const FamilySim> sim() { return std::make_shared<ShiftAddSim>(); }

}  // namespace tpe::shiftadd
