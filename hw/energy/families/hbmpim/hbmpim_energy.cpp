#include "hw/energy/families/hbmpim/hbmpim_energy.hpp"

#include <algorithm>
#include <bitset>

#include "sim/core/array_io.hpp"

namespace tpe::hbmpim {
namespace {

int popcount64(uint64_t x) { return int(std::bitset<64>(x).count()); }

// Follows the generated RTL's nets: every unit's lanes see its bank_burst
// lanes (the multipliers' weight inputs) and drive its dq register. Counts,
// per edge, the bank-burst bits that change while data_valid is set
// (pe_operand_bits; the GRF_A side changes only on the rarer GRF_A writes)
// and the dq bits that change (pe_dq_bits).
class HbmPimToggleRecorder final : public hw::ToggleRecorder {
 public:
  HbmPimToggleRecorder(const EngineConfig& cfg, ArrayDevice& inner) : ToggleRecorder(inner), layout_(PortLayout::of(cfg)) {
    data_valid_ = layout_.input("data_valid");
    bank_ = layout_.input("bank_burst");
    dq_ = layout_.output("dq");
  }

  const ArrayOutputs& tick(const ArrayInputs& in) override {
    if (in.flag(data_valid_)) {
      const std::vector<int64_t>& b = in.port[size_t(bank_)];
      if (prev_bank_.size() != b.size()) prev_bank_.assign(b.size(), 0);
      for (size_t i = 0; i < b.size(); ++i) operand_ += popcount64(uint64_t(b[i] ^ prev_bank_[i]));
      std::copy(b.begin(), b.end(), prev_bank_.begin());
    }
    const ArrayOutputs& out = inner_.tick(in);
    const std::vector<int64_t>& d = out.port[size_t(dq_)];
    if (prev_dq_.size() != d.size()) prev_dq_.assign(d.size(), 0);
    for (size_t i = 0; i < d.size(); ++i) dq_bits_ += popcount64(uint64_t(d[i] ^ prev_dq_[i]));
    std::copy(d.begin(), d.end(), prev_dq_.begin());
    return out;
  }

  hw::ToggleCounts result(const ActivityTrace&) const override {
    hw::ToggleCounts t;
    t.bits["pe_operand_bits"] = operand_;
    t.bits["pe_dq_bits"] = dq_bits_;
    return t;
  }

 private:
  PortLayout layout_;
  int data_valid_, bank_, dq_;
  std::vector<int64_t> prev_bank_, prev_dq_;
  uint64_t operand_ = 0, dq_bits_ = 0;
};

class HbmPimEnergy final : public hw::FamilyEnergy {
 public:
  std::unique_ptr<hw::ToggleRecorder> make_toggle_recorder(const EngineConfig& cfg, ArrayDevice& inner) const override {
    return std::make_unique<HbmPimToggleRecorder>(cfg, inner);
  }
  // A single input tile: the fixed cost (mode changes, park, read-out) weighs more.
  GemmShape corner_shape(const EngineConfig&, const GemmShape& layer) const override {
    return {layer.m, std::min(layer.k, 128), layer.n};
  }
  std::vector<hw::CharacterizationRun> characterization_runs(const EngineConfig&, const OperandMatrix& a,
                                                             const OperandMatrix& b, const OperandMatrix& corner_a,
                                                             const OperandMatrix& corner_b) const override {
    const OperandMatrix zero_a(a.rows, a.cols, 0), zero_b(b.rows, b.cols, 0);
    return {{"layer", a, b, true}, {"zero", zero_a, zero_b, false}, {"one-tile", corner_a, corner_b, true},
            {"weights", zero_a, b, false}};
  }
  std::vector<hw::PricedAction> pe_actions(const EngineConfig&) const override {
    return {{"mac_base", "mac", "mac (control)", "MACs", "MAC"},
            {"pe_operand_toggle_bit", "toggles.pe_operand_bits", "bank operand toggles", "bits", "bit toggle"},
            {"pe_dq_toggle_bit", "toggles.pe_dq_bits", "data bus register toggles", "bits", "bit toggle"}};
  }
  std::vector<hw::PricedAction> top_actions(const EngineConfig&) const override {
    return {{"grf_a_write", "grf_a_writes", "GRF_A writes", "bursts", "burst"}};
  }
};

}  // namespace

std::shared_ptr<const hw::FamilyEnergy> energy() { return std::make_shared<HbmPimEnergy>(); }

}  // namespace tpe::hbmpim
