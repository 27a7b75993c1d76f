#include "sim/families/matrix2d/matrix2d_sim.hpp"

#include "sim/families/matrix2d/matrix2d_controller.hpp"
#include "sim/families/matrix2d/matrix2d_model.hpp"

namespace tpe::matrix2d {
namespace {

class Matrix2dSim final : public FamilySim {
 public:
  std::unique_ptr<GemmController> make_controller(const EngineConfig& cfg, const OperandMatrix& a,
                                                  const OperandMatrix& b) const override {
    return std::make_unique<Matrix2dController>(cfg, a, b);
  }
  // One model for both PE variants: OPT1 changes how the accumulator is
  // held, not what the ports show or when.
  std::unique_ptr<ArrayDevice> make_model(const EngineConfig& cfg) const override {
    return std::make_unique<Matrix2dModel>(cfg);
  }
};

}  // namespace

std::shared_ptr<const FamilySim> sim() { return std::make_shared<Matrix2dSim>(); }

}  // namespace tpe::matrix2d
