#include "hw/energy/families/bitslice/bitslice_energy.hpp"

#include <algorithm>

#include "hw/energy/families/bitslice/bitslice_toggles.hpp"
#include "hw/energy/families/bitslice/laconic_toggles.hpp"
#include "hw/energy/families/bitslice/opt3_toggles.hpp"

namespace tpe::bitslice {
namespace {

class BitsliceEnergy final : public hw::FamilyEnergy {
 public:
  std::unique_ptr<hw::ToggleRecorder> make_toggle_recorder(const EngineConfig& cfg, ArrayDevice& inner) const override {
    if (cfg.pe == "opt3" || cfg.pe == "opt4c" || cfg.pe == "opt4e") return std::make_unique<Opt3ToggleRecorder>(cfg, inner);
    if (cfg.pe == "laconic") return std::make_unique<LaconicToggleRecorder>(cfg, inner);
    return std::make_unique<BitsliceToggleRecorder>(cfg, inner);
  }

  // Half the rows and one group of K: a tile's read-out is then as long as
  // its feed, which separates the read-out's energy from the steps'.
  GemmShape corner_shape(const EngineConfig& cfg, const GemmShape& layer) const override {
    return {std::max(1, layer.m / 2), std::min(int(cfg.integer("lanes")), layer.k), layer.n};
  }

  // The layer; the layer with every operand zero (what a step costs
  // whatever the data; in the top's fit too: its step counter, decode and
  // read-out work as in the layer, only the group registers stay still);
  // the short-K corner (four read-outs per group instead of a quarter).
  std::vector<hw::CharacterizationRun> characterization_runs(const EngineConfig&, const OperandMatrix& a,
                                                             const OperandMatrix& b, const OperandMatrix& corner_a,
                                                             const OperandMatrix& corner_b) const override {
    const OperandMatrix zero_a(a.rows, a.cols, 0), zero_b(b.rows, b.cols, 0);
    return {{"layer", a, b, true}, {"zero", zero_a, zero_b, true}, {"short-K", corner_a, corner_b, true}};
  }

  // A PE's energy: a clocked step (its accumulator's clock and the adder
  // tree's control), the toggles on its inputs (bit plane, weight terms,
  // en, clr) and on its accumulator.
  std::vector<hw::PricedAction> pe_actions(const EngineConfig&) const override {
    return {{"pe_step", "pe_step", "PE step (control)", "PE-cycles", "PE-cycle"},
            {"pe_operand_toggle_bit", "toggles.pe_operand_bits", "operand toggles", "bits", "bit toggle"},
            {"pe_register_toggle_bit", "toggles.pe_register_bits", "accumulator toggles", "bits", "bit toggle"}};
  }

  // The top's own cells: the group registers (per bit that changes on a
  // load), the step decode and broadcast muxes (per group), the read-out.
  std::vector<hw::PricedAction> top_actions(const EngineConfig&) const override {
    return {{"group_reg_toggle_bit", "toggles.group_reg_bits", "group register toggles", "bits", "bit toggle"},
            {"group_load", "group_load", "group load", "groups", "group"},
            {"acc_readout", "acc_readout", "acc_readout", "values", "value"}};
  }
};

}  // namespace

std::shared_ptr<const hw::FamilyEnergy> energy() { return std::make_shared<BitsliceEnergy>(); }

}  // namespace tpe::bitslice
