#include "sim/families/bitslice/bitslice_sim.hpp"

#include "sim/families/bitslice/bitslice_controller.hpp"
#include "sim/families/bitslice/bitslice_model.hpp"

namespace tpe::bitslice {
namespace {

class BitsliceSim final : public FamilySim {
 public:
  std::unique_ptr<GemmController> make_controller(const EngineConfig& cfg, const OperandMatrix& a,
                                                  const OperandMatrix& b) const override {
    return std::make_unique<BitsliceController>(cfg, a, b);
  }
  std::unique_ptr<ArrayDevice> make_model(const EngineConfig& cfg) const override {
    return std::make_unique<BitsliceModel>(cfg);
  }
  // A group never takes more than 64 cycles per lane (the widest encoding's
  // digit count, or digit-pair count, of 8-bit operands is far below), so
  // this bounds every variant whatever the data.
  uint64_t cycle_bound(const EngineConfig& cfg, const GemmShape& s) const override {
    const Params p = Params::of(cfg);
    const uint64_t tiles = uint64_t((s.m + p.rows - 1) / p.rows) * uint64_t((s.n + p.cols - 1) / p.cols);
    const uint64_t groups = uint64_t((s.k + p.lanes - 1) / p.lanes);
    return 2 * tiles * (groups * (64 * uint64_t(p.lanes) + 2) + uint64_t(p.rows) + 8) + 1000;
  }
};

}  // namespace

std::shared_ptr<const FamilySim> sim() { return std::make_shared<BitsliceSim>(); }

}  // namespace tpe::bitslice
