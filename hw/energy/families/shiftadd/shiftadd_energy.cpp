#include "hw/energy/families/shiftadd/shiftadd_energy.hpp"

#include <algorithm>
#include <bitset>

#include "models/families/shiftadd/shiftadd_spec.hpp"
#include "sim/core/array_io.hpp"

namespace tpe::shiftadd {
namespace {

int popcount64(uint64_t x) { return int(std::bitset<64>(x).count()); }
uint64_t mask(int bits) { return bits >= 64 ? ~uint64_t(0) : (uint64_t(1) << bits) - 1; }

// Follows the generated RTL's nets: row r's table unit sees act lanes
// r*8..r*8+7 (table_input_bits) and drives 256 entries to the row's cols PEs
// (pe_table_bits: entry bits that change, once per PE reading them); PE
// (r, c) sees code and alpha lanes of column c (pe_operand_bits, once per
// row) and its accumulator is c_vec lane r*cols+c (pe_acc_bits).
class ShiftAddToggleRecorder final : public hw::ToggleRecorder {
 public:
  ShiftAddToggleRecorder(const EngineConfig& cfg, ArrayDevice& inner)
      : ToggleRecorder(inner), p_(Params::of(cfg)), layout_(PortLayout::of(cfg)) {
    act_ = layout_.input("act");
    code_ = layout_.input("code");
    alpha_ = layout_.input("alpha");
    c_vec_ = layout_.output("c_vec");
    prev_act_.assign(size_t(p_.rows * kGroup), 0);
    prev_code_.assign(size_t(p_.cols * p_.arith.planes), 0);
    prev_alpha_.assign(size_t(p_.cols * p_.arith.planes * p_.arith.terms), 0);
    prev_table_.assign(size_t(p_.rows), std::vector<int64_t>(kTableSize, 0));
    prev_c_.assign(size_t(p_.rows * p_.cols), 0);
  }

  const ArrayOutputs& tick(const ArrayInputs& in) override {
    const std::vector<int64_t>& act = in.port[size_t(act_)];
    const std::vector<int64_t>& code = in.port[size_t(code_)];
    const std::vector<int64_t>& alpha = in.port[size_t(alpha_)];
    const uint64_t am = mask(p_.act_bits), tm = mask(p_.table_bits());
    for (int r = 0; r < p_.rows; ++r) {
      bool changed = false;
      for (int j = 0; j < kGroup; ++j) {
        const size_t i = size_t(r * kGroup + j);
        const int d = popcount64((uint64_t(act[i]) ^ uint64_t(prev_act_[i])) & am);
        table_input_ += uint64_t(d);
        changed |= d != 0;
      }
      if (!changed) continue;
      int32_t x[kGroup];
      for (int j = 0; j < kGroup; ++j) x[j] = int32_t(act[size_t(r * kGroup + j)]);
      std::vector<int64_t> t = partial_sum_table(x, kGroup);
      uint64_t d = 0;
      for (int e = 0; e < kTableSize; ++e) d += uint64_t(popcount64((uint64_t(t[size_t(e)]) ^ uint64_t(prev_table_[size_t(r)][size_t(e)])) & tm));
      pe_table_ += d * uint64_t(p_.cols);
      prev_table_[size_t(r)] = std::move(t);
    }
    for (size_t i = 0; i < code.size(); ++i) operand_ += uint64_t(p_.rows) * popcount64(uint64_t(code[i] ^ prev_code_[i]));
    for (size_t i = 0; i < alpha.size(); ++i) operand_ += uint64_t(p_.rows) * popcount64(uint64_t(alpha[i] ^ prev_alpha_[i]));
    std::copy(act.begin(), act.end(), prev_act_.begin());
    std::copy(code.begin(), code.end(), prev_code_.begin());
    std::copy(alpha.begin(), alpha.end(), prev_alpha_.begin());
    const ArrayOutputs& out = inner_.tick(in);
    const std::vector<int64_t>& c = out.port[size_t(c_vec_)];
    const uint64_t cm = mask(p_.arith.acc_bits);
    for (size_t i = 0; i < c.size(); ++i) acc_ += popcount64((uint64_t(c[i]) ^ uint64_t(prev_c_[i])) & cm);
    std::copy(c.begin(), c.end(), prev_c_.begin());
    return out;
  }

  hw::ToggleCounts result(const ActivityTrace&) const override {
    hw::ToggleCounts t;
    t.bits["table_input_bits"] = table_input_;
    t.bits["pe_table_bits"] = pe_table_;
    t.bits["pe_operand_bits"] = operand_;
    t.bits["pe_acc_bits"] = acc_;
    return t;
  }

 private:
  Params p_;
  PortLayout layout_;
  int act_, code_, alpha_, c_vec_;
  std::vector<int64_t> prev_act_, prev_code_, prev_alpha_, prev_c_;
  std::vector<std::vector<int64_t>> prev_table_;
  uint64_t table_input_ = 0, pe_table_ = 0, operand_ = 0, acc_ = 0;
};

// b with its values and side tensors kept or zeroed (same shapes).
OperandMatrix with_zeros(const OperandMatrix& b, bool zero_codes, bool zero_alpha) {
  OperandMatrix z = b;
  if (zero_codes) std::fill(z.data.begin(), z.data.end(), 0);
  if (zero_alpha)
    for (auto& kv : z.side) std::fill(kv.second.data.begin(), kv.second.data.end(), 0);
  return z;
}

class ShiftAddEnergy final : public hw::FamilyEnergy {
 public:
  std::unique_ptr<hw::ToggleRecorder> make_toggle_recorder(const EngineConfig& cfg, ArrayDevice& inner) const override {
    return std::make_unique<ShiftAddToggleRecorder>(cfg, inner);
  }
  // A short K (one or two blocks): more tile restarts (first) per block.
  GemmShape corner_shape(const EngineConfig&, const GemmShape& layer) const override {
    return {layer.m, std::max(1, layer.k / 8), layer.n};
  }
  // The layer; every operand zero (what a block costs whatever the data);
  // the short-K corner; zero activations with the real weights (tables stay
  // 0: the lookups and shifters toggle, the accumulators stay put); the real
  // activations with all terms zero (tables and lookups toggle, nothing is
  // added).
  std::vector<hw::CharacterizationRun> characterization_runs(const EngineConfig&, const OperandMatrix& a,
                                                             const OperandMatrix& b, const OperandMatrix& corner_a,
                                                             const OperandMatrix& corner_b) const override {
    const OperandMatrix zero_a(a.rows, a.cols, 0);
    return {{"layer", a, b, true},
            {"zero", zero_a, with_zeros(b, true, true), false},
            {"short-K", corner_a, corner_b, true},
            {"weights", zero_a, b, false},
            {"tables", a, with_zeros(b, false, true), true}};
  }
  std::vector<hw::PricedAction> pe_actions(const EngineConfig&) const override {
    return {{"mac_base", "mac", "MAC equivalents (control)", "MACs", "MAC"},
            {"pe_table_toggle_bit", "toggles.pe_table_bits", "table entry toggles seen by PEs", "bits", "bit toggle"},
            {"pe_operand_toggle_bit", "toggles.pe_operand_bits", "code and scale toggles", "bits", "bit toggle"},
            {"pe_acc_toggle_bit", "toggles.pe_acc_bits", "accumulator toggles", "bits", "bit toggle"}};
  }
  std::vector<hw::PricedAction> top_actions(const EngineConfig&) const override {
    return {{"table_input_toggle_bit", "toggles.table_input_bits", "table unit input toggles", "bits", "bit toggle"},
            {"result_tile", "result_values", "results shown", "values", "value"}};
  }
};

}  // namespace

std::shared_ptr<const hw::FamilyEnergy> energy() { return std::make_shared<ShiftAddEnergy>(); }

}  // namespace tpe::shiftadd
