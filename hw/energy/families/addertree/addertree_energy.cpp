#include "hw/energy/families/addertree/addertree_energy.hpp"

#include <algorithm>

#include "hw/energy/families/addertree/addertree_toggles.hpp"

namespace tpe::addertree {
namespace {

class AdderTreeEnergy final : public hw::FamilyEnergy {
 public:
  std::unique_ptr<hw::ToggleRecorder> make_toggle_recorder(const EngineConfig& cfg, ArrayDevice& inner) const override {
    return std::make_unique<AdderTreeToggleRecorder>(cfg, inner);
  }

  // K = k: one full fold (a partial one multiplies zero padding, which no
  // real layer of K >> k does much of).
  GemmShape corner_shape(const EngineConfig& cfg, const GemmShape& layer) const override {
    return {std::max(1, layer.m / 2), std::min(int(cfg.integer("k")), layer.k), layer.n};
  }

  // Real data only (random operands toggle unlike any LLM layer): the layer;
  // the layer with every operand zero (what a MAC costs whatever the data);
  // a short-K corner (another mix of rows per weight load); the layer with
  // zero activations (weight loads alone). Runs with zero activations never
  // toggle the input register: they stay out of the top's fit.
  std::vector<hw::CharacterizationRun> characterization_runs(const EngineConfig&, const OperandMatrix& a,
                                                             const OperandMatrix& b, const OperandMatrix& corner_a,
                                                             const OperandMatrix& corner_b) const override {
    const OperandMatrix zero_a(a.rows, a.cols, 0), zero_b(b.rows, b.cols, 0);
    return {{"layer", a, b, true},
            {"zero", zero_a, zero_b, false},
            {"short-K", corner_a, corner_b, true},
            {"weights", zero_a, b, false}};
  }

  std::vector<hw::PricedAction> pe_actions(const EngineConfig&) const override {
    return {{"mac_base", "mac", "mac (control)", "MACs", "MAC"},
            {"pe_operand_toggle_bit", "toggles.pe_operand_bits", "operand toggles", "bits", "bit toggle"},
            {"pe_register_toggle_bit", "toggles.pe_register_bits", "register toggles", "bits", "bit toggle"},
            {"pe_weight_toggle_bit", "toggles.pe_weight_bits", "weight toggles", "bits", "bit toggle"}};
  }

  // 2: the OPT2 unit's pipeline registers counted exactly (addertree_toggles).
  int table_version() const override { return 2; }
  std::vector<hw::PricedAction> top_actions(const EngineConfig&) const override {
    return {{"input_reg_write_bit", "input_reg_write_bits", "input register writes", "bits", "bit"},
            {"input_reg_toggle_bit", "toggles.input_reg_bits", "input register toggles", "bits", "bit toggle"}};
  }
};

}  // namespace

std::shared_ptr<const hw::FamilyEnergy> energy() { return std::make_shared<AdderTreeEnergy>(); }

}  // namespace tpe::addertree
