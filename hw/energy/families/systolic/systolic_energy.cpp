#include "hw/energy/families/systolic/systolic_energy.hpp"

#include <algorithm>

#include "hw/energy/families/systolic/systolic_toggles.hpp"

namespace tpe::systolic {
namespace {

class SystolicEnergy final : public hw::FamilyEnergy {
 public:
  std::unique_ptr<hw::ToggleRecorder> make_toggle_recorder(const EngineConfig& cfg, ArrayDevice& inner) const override {
    return std::make_unique<SystolicToggleRecorder>(cfg, inner);
  }

  // K = rows: one full fold (a partial fold would stream through zero
  // padding weights, which no real layer of K >> rows does much of). Half
  // the streamed vectors: half the rows of A (OS, WS) or the columns of B (IS).
  GemmShape corner_shape(const EngineConfig& cfg, const GemmShape& layer) const override {
    const int k = std::min(int(cfg.integer("rows")), layer.k);
    if (Params::of(cfg).is()) return {layer.m, k, std::max(1, layer.n / 2)};
    return {std::max(1, layer.m / 2), k, layer.n};
  }

  // All real data (random operands toggle unlike any LLM layer and spoil the
  // fit): the layer; the same layer with every operand zero (what a MAC costs
  // whatever the data); a corner of it with half the rows and a short K
  // (another toggle mix, few skew writes per read-out, fewer MACs per weight
  // load); for WS the layer with zero activations (weight loads alone), for IS
  // the layer with zero weights (activation loads alone). Runs
  // whose activations are zero write skew registers that never toggle: they
  // stay out of the top's fit (the replay prices written bits at real data's
  // average).
  std::vector<hw::CharacterizationRun> characterization_runs(const EngineConfig& cfg, const OperandMatrix& a,
                                                             const OperandMatrix& b, const OperandMatrix& corner_a,
                                                             const OperandMatrix& corner_b) const override {
    const OperandMatrix zero_a(a.rows, a.cols, 0), zero_b(b.rows, b.cols, 0);
    std::vector<hw::CharacterizationRun> runs = {
        {"layer", a, b, true}, {"zero", zero_a, zero_b, false}, {"short-K", corner_a, corner_b, true}};
    const Params p = Params::of(cfg);
    if (p.is())
      runs.push_back({"activations", a, zero_b, false});
    else if (!p.os())
      runs.push_back({"weights", zero_a, b, false});
    return runs;
  }

  std::vector<hw::PricedAction> pe_actions(const EngineConfig& cfg) const override {
    std::vector<hw::PricedAction> v = {
        {"mac_base", "mac", "mac (control)", "MACs", "MAC"},
        {"pe_operand_toggle_bit", "toggles.pe_operand_bits", "operand toggles", "bits", "bit toggle"},
        {"pe_register_toggle_bit", "toggles.pe_register_bits", "register toggles", "bits", "bit toggle"}};
    const Params p = Params::of(cfg);
    if (p.is())
      v.push_back({"pe_held_toggle_bit", std::string("toggles.") + held_bits_key(p), "held activation toggles", "bits",
                   "bit toggle"});
    else if (!p.os())
      v.push_back({"pe_weight_toggle_bit", std::string("toggles.") + held_bits_key(p), "weight toggles", "bits",
                   "bit toggle"});
    return v;
  }

  // WS/IS read-out is the output de-skew and output register (and OPT1's
  // column adders): priced in skew_reg_write_bit. (A separate per-value
  // price would be collinear with it: both grow by a fixed amount per
  // streamed vector in every run.)
  std::vector<hw::PricedAction> top_actions(const EngineConfig& cfg) const override {
    std::vector<hw::PricedAction> v = {{"skew_reg_write_bit", "skew_reg_write_bits", "skew_reg_write", "bits", "bit"}};
    if (Params::of(cfg).os()) v.push_back({"acc_readout", "acc_readout", "acc_readout", "values", "value"});
    return v;
  }
  // 2: the skew stages shift every edge (the recorder counts the ports' own
  // sequences there), and the read-out select is replicated per column.
  int table_version() const override { return 2; }
};

}  // namespace

std::shared_ptr<const hw::FamilyEnergy> energy() { return std::make_shared<SystolicEnergy>(); }

}  // namespace tpe::systolic
