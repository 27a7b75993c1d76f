#include "sim/families/lutgemm/lutgemm_sim.hpp"

#include "sim/families/lutgemm/lutgemm_controller.hpp"
#include "sim/families/lutgemm/lutgemm_model.hpp"

namespace tpe::lutgemm {
namespace {

class LutGemmSim final : public FamilySim {
 public:
  std::unique_ptr<GemmController> make_controller(const EngineConfig& cfg, const OperandMatrix& a,
                                                  const OperandMatrix& b) const override {
    return std::make_unique<LutGemmController>(cfg, a, b);
  }
  std::unique_ptr<ArrayDevice> make_model(const EngineConfig& cfg) const override {
    return std::make_unique<LutGemmModel>(cfg);
  }
};

}  // namespace

std::shared_ptr<const FamilySim> sim() { return std::make_shared<LutGemmSim>(); }

}  // namespace tpe::lutgemm
