#include "hw/energy/families/cube/cube_energy.hpp"

#include <algorithm>

#include "hw/energy/families/cube/cube_toggles.hpp"

namespace tpe::cube {
namespace {

class CubeEnergy final : public hw::FamilyEnergy {
 public:
  std::unique_ptr<hw::ToggleRecorder> make_toggle_recorder(const EngineConfig& cfg, ArrayDevice& inner) const override {
    return std::make_unique<CubeToggleRecorder>(cfg, inner);
  }

  // Half the rows and two feeds per tile: many more read-outs per MAC than
  // the layer (whose K is many feeds), so the read-out separates from the
  // input register's toggles in the top's fit.
  GemmShape corner_shape(const EngineConfig& cfg, const GemmShape& layer) const override {
    return {std::max(1, layer.m / 2), std::min(2 * int(cfg.integer("z")), layer.k), layer.n};
  }

  // Real data only (random operands toggle unlike any LLM layer): the layer;
  // the layer with every operand zero (what a feed costs whatever the data;
  // nothing toggles, so it stays out of the top's fit); the short-K corner.
  std::vector<hw::CharacterizationRun> characterization_runs(const EngineConfig&, const OperandMatrix& a,
                                                             const OperandMatrix& b, const OperandMatrix& corner_a,
                                                             const OperandMatrix& corner_b) const override {
    const OperandMatrix zero_a(a.rows, a.cols, 0), zero_b(b.rows, b.cols, 0);
    return {{"layer", a, b, true}, {"zero", zero_a, zero_b, false}, {"short-K", corner_a, corner_b, true}};
  }

  std::vector<hw::PricedAction> pe_actions(const EngineConfig&) const override {
    return {{"mac_base", "mac", "mac (control)", "MACs", "MAC"},
            {"pe_operand_toggle_bit", "toggles.pe_operand_bits", "operand toggles", "bits", "bit toggle"},
            {"pe_register_toggle_bit", "toggles.pe_register_bits", "register toggles", "bits", "bit toggle"}};
  }

  std::vector<hw::PricedAction> top_actions(const EngineConfig&) const override {
    return {{"top_register_toggle_bit", "toggles.top_register_bits", "input/output register toggles", "bits",
             "bit toggle"},
            {"acc_readout", "acc_readout", "acc_readout", "values", "value"}};
  }
};

}  // namespace

std::shared_ptr<const hw::FamilyEnergy> energy() { return std::make_shared<CubeEnergy>(); }

}  // namespace tpe::cube
