#include "hw/energy/families/matrix2d/matrix2d_energy.hpp"

#include <algorithm>

#include "hw/energy/families/matrix2d/matrix2d_toggles.hpp"

namespace tpe::matrix2d {
namespace {

class Matrix2dEnergy final : public hw::FamilyEnergy {
 public:
  std::unique_ptr<hw::ToggleRecorder> make_toggle_recorder(const EngineConfig& cfg, ArrayDevice& inner) const override {
    return std::make_unique<Matrix2dToggleRecorder>(cfg, inner);
  }

  // Half the rows and K = rows: a tile's read-out is then as long as its
  // feed, unlike the layer's (K = 64), which separates the read-out's
  // energy from the feed's.
  GemmShape corner_shape(const EngineConfig& cfg, const GemmShape& layer) const override {
    return {std::max(1, layer.m / 2), std::min(int(cfg.integer("rows")), layer.k), layer.n};
  }

  // All real data (random operands toggle unlike any LLM layer): the layer;
  // the layer with every operand zero (what a MAC costs whatever the data:
  // stays out of the top's fit, its broadcast registers never toggle); the
  // short-K corner (another toggle mix and more read-outs per MAC).
  std::vector<hw::CharacterizationRun> characterization_runs(const EngineConfig&, const OperandMatrix& a,
                                                             const OperandMatrix& b, const OperandMatrix& corner_a,
                                                             const OperandMatrix& corner_b) const override {
    const OperandMatrix zero_a(a.rows, a.cols, 0), zero_b(b.rows, b.cols, 0);
    return {{"layer", a, b, true}, {"zero", zero_a, zero_b, false}, {"short-K", corner_a, corner_b, true}};
  }

  std::vector<hw::PricedAction> pe_actions(const EngineConfig&) const override {
    return {{"mac_base", "mac", "mac (control)", "MACs", "MAC"},
            {"pe_operand_toggle_bit", "toggles.pe_operand_bits", "operand toggles", "bits", "bit toggle"},
            {"pe_register_toggle_bit", "toggles.pe_register_bits", "accumulator toggles", "bits", "bit toggle"}};
  }

  // The top's own cells: the broadcast registers with the row and column
  // wires they drive (priced per bit that changes: a counter of the cycle
  // model, so a trace without toggle counts still prices it), and the
  // read-out select and output register (per value read).
  // 2: v_q / f_q / l_q registered once per PE row, the read-out per column
  // (issue 14 item 4): the register activity counts every row's copy.
  int table_version() const override { return 2; }

  std::vector<hw::PricedAction> top_actions(const EngineConfig&) const override {
    return {{"broadcast_toggle_bit", "broadcast_toggle_bits", "broadcast toggles", "bits", "bit toggle"},
            {"acc_readout", "acc_readout", "acc_readout", "values", "value"}};
  }
};

}  // namespace

std::shared_ptr<const hw::FamilyEnergy> energy() { return std::make_shared<Matrix2dEnergy>(); }

}  // namespace tpe::matrix2d
