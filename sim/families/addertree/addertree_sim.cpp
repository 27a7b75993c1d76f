#include "sim/families/addertree/addertree_sim.hpp"

#include "sim/families/addertree/addertree_controller.hpp"
#include "sim/families/addertree/addertree_model.hpp"

namespace tpe::addertree {
namespace {

class AdderTreeSim final : public FamilySim {
 public:
  std::unique_ptr<GemmController> make_controller(const EngineConfig& cfg, const OperandMatrix& a,
                                                  const OperandMatrix& b) const override {
    return std::make_unique<AdderTreeController>(cfg, a, b);
  }
  std::unique_ptr<ArrayDevice> make_model(const EngineConfig& cfg) const override {
    return std::make_unique<AdderTreeModel>(cfg);
  }
};

}  // namespace

std::shared_ptr<const FamilySim> sim() { return std::make_shared<AdderTreeSim>(); }

}  // namespace tpe::addertree
