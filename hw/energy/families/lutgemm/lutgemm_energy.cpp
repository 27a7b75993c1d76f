#include "hw/energy/families/lutgemm/lutgemm_energy.hpp"

#include <algorithm>
#include <bitset>

#include "models/families/lutgemm/lutgemm_spec.hpp"
#include "sim/core/array_io.hpp"

namespace tpe::lutgemm {
namespace {

int popcount16(int64_t a, int64_t b) { return int(std::bitset<16>(uint64_t(a ^ b) & 0xffffu).count()); }

// Follows the generated RTL's nets: row r's table unit sees act lanes
// r*8..r*8+7 (table_input_bits) and drives 256 fp16 entries to the row's
// cols PEs (pe_table_bits: entry bits that change, once per PE reading them);
// PE (r, c) sees the code, alpha and q_bias lanes of column c
// (pe_operand_bits, once per row) and its result is c_vec lane r*cols+c
// (pe_acc_bits). The plane sums inside the PEs are priced per block (mac)
// and per fold (folds).
class LutGemmToggleRecorder final : public hw::ToggleRecorder {
 public:
  LutGemmToggleRecorder(const EngineConfig& cfg, ArrayDevice& inner)
      : ToggleRecorder(inner), p_(Params::of(cfg)), layout_(PortLayout::of(cfg)) {
    for (const char* n : {"code", "alpha", "q_bias"}) operands_.push_back(layout_.input(n));
    act_ = layout_.input("act");
    c_vec_ = layout_.output("c_vec");
    prev_in_ = layout_.make_inputs();
    prev_table_.assign(size_t(p_.rows), Table{});
  }

  const ArrayOutputs& tick(const ArrayInputs& in) override {
    const std::vector<int64_t>& act = in.port[size_t(act_)];
    const std::vector<int64_t>& prev_act = prev_in_.port[size_t(act_)];
    for (int r = 0; r < p_.rows; ++r) {
      bool changed = false;
      uint16_t x[kGroup];
      for (int j = 0; j < kGroup; ++j) {
        const size_t i = size_t(r * kGroup + j);
        const int d = popcount16(act[i], prev_act[i]);
        table_input_ += uint64_t(d);
        changed |= d != 0;
        x[j] = uint16_t(act[i]);
      }
      if (!changed) continue;
      const Table t = fp16_table(x);
      uint64_t d = 0;
      for (int e = 0; e < kTableSize; ++e) d += uint64_t(popcount16(t[size_t(e)], prev_table_[size_t(r)][size_t(e)]));
      pe_table_ += d * uint64_t(p_.cols);
      prev_table_[size_t(r)] = t;
    }
    for (int port : operands_) {
      const std::vector<int64_t>& now = in.port[size_t(port)];
      const std::vector<int64_t>& before = prev_in_.port[size_t(port)];
      for (size_t i = 0; i < now.size(); ++i) operand_ += uint64_t(p_.rows) * uint64_t(popcount16(now[i], before[i]));
    }
    prev_in_ = in;
    const ArrayOutputs& out = inner_.tick(in);
    const std::vector<int64_t>& c = out.port[size_t(c_vec_)];
    prev_c_.resize(c.size(), 0);
    for (size_t i = 0; i < c.size(); ++i) acc_ += uint64_t(popcount16(c[i], prev_c_[i]));
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
  int act_, c_vec_;
  std::vector<int> operands_;
  ArrayInputs prev_in_;
  std::vector<int64_t> prev_c_;
  std::vector<Table> prev_table_;
  uint64_t table_input_ = 0, pe_table_ = 0, operand_ = 0, acc_ = 0;
};

// b with its codes and side tensors zeroed (same shapes): +0 scales.
OperandMatrix zero_weights(const OperandMatrix& b) {
  OperandMatrix z = b;
  std::fill(z.data.begin(), z.data.end(), 0);
  for (auto& kv : z.side) std::fill(kv.second.data.begin(), kv.second.data.end(), 0);
  return z;
}

class LutGemmEnergy final : public hw::FamilyEnergy {
 public:
  std::unique_ptr<hw::ToggleRecorder> make_toggle_recorder(const EngineConfig& cfg, ArrayDevice& inner) const override {
    return std::make_unique<LutGemmToggleRecorder>(cfg, inner);
  }
  // A short K (one or two blocks): more tile restarts and folds per block.
  GemmShape corner_shape(const EngineConfig&, const GemmShape& layer) const override {
    return {layer.m, std::max(1, layer.k / 8), layer.n};
  }
  // The layer; every operand zero (what a block costs whatever the data);
  // the short-K corner; zero activations with the real weights (tables stay
  // +-0: lookups and scales toggle, the sums barely move).
  std::vector<hw::CharacterizationRun> characterization_runs(const EngineConfig&, const OperandMatrix& a,
                                                             const OperandMatrix& b, const OperandMatrix& corner_a,
                                                             const OperandMatrix& corner_b) const override {
    const OperandMatrix zero_a(a.rows, a.cols, 0);
    return {{"layer", a, b, true},
            {"zero", zero_a, zero_weights(b), false},
            {"short-K", corner_a, corner_b, true},
            {"weights", zero_a, b, false}};
  }
  std::vector<hw::PricedAction> pe_actions(const EngineConfig&) const override {
    return {{"mac_base", "mac", "MAC equivalents (control)", "MACs", "MAC"},
            {"fold", "folds", "group folds (fp16 multiplies and adds)", "folds", "fold"},
            {"pe_table_toggle_bit", "toggles.pe_table_bits", "table entry toggles seen by PEs", "bits", "bit toggle"},
            {"pe_operand_toggle_bit", "toggles.pe_operand_bits", "code and scale toggles", "bits", "bit toggle"},
            {"pe_acc_toggle_bit", "toggles.pe_acc_bits", "result toggles", "bits", "bit toggle"}};
  }
  std::vector<hw::PricedAction> top_actions(const EngineConfig&) const override {
    return {{"table_input_toggle_bit", "toggles.table_input_bits", "table unit input toggles", "bits", "bit toggle"},
            {"result_tile", "result_values", "results shown", "values", "value"}};
  }
};

}  // namespace

std::shared_ptr<const hw::FamilyEnergy> energy() { return std::make_shared<LutGemmEnergy>(); }

}  // namespace tpe::lutgemm
