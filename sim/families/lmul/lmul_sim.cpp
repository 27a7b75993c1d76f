#include "sim/families/lmul/lmul_sim.hpp"

#include "sim/families/lmul/lmul_controller.hpp"
#include "sim/families/lmul/lmul_model.hpp"

namespace tpe::lmul {
namespace {

class LmulSim final : public FamilySim {
 public:
  std::unique_ptr<GemmController> make_controller(const EngineConfig& cfg, const OperandMatrix& a,
                                                  const OperandMatrix& b) const override {
    return std::make_unique<LmulController>(cfg, a, b);
  }
  std::unique_ptr<ArrayDevice> make_model(const EngineConfig& cfg) const override {
    return std::make_unique<LmulModel>(cfg);
  }
};

}  // namespace

std::shared_ptr<const FamilySim> sim() { return std::make_shared<LmulSim>(); }

}  // namespace tpe::lmul
