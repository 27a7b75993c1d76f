#include "hw/energy/families/lmul/lmul_energy.hpp"

#include <algorithm>
#include <bitset>

#include "models/families/lmul/lmul_spec.hpp"
#include "sim/core/array_io.hpp"

namespace tpe::lmul {
namespace {

int popcount64(uint64_t x) { return int(std::bitset<64>(x).count()); }

// Follows the generated RTL's nets: PE (i, j) sees a_vec lane i and b_vec
// lane j; its accumulator is c_vec lane i*cols+j. Counts, per edge, the bits
// of the operand ports that change (once per PE that reads them:
// pe_operand_bits) and the accumulator bits that change (pe_acc_bits).
class LmulToggleRecorder final : public hw::ToggleRecorder {
 public:
  LmulToggleRecorder(const EngineConfig& cfg, ArrayDevice& inner)
      : ToggleRecorder(inner), p_(Params::of(cfg)), layout_(PortLayout::of(cfg)) {
    a_vec_ = layout_.input("a_vec");
    b_vec_ = layout_.input("b_vec");
    c_vec_ = layout_.output("c_vec");
    prev_a_.assign(size_t(p_.rows), 0);
    prev_b_.assign(size_t(p_.cols), 0);
    prev_c_.assign(size_t(p_.rows * p_.cols), 0);
  }

  const ArrayOutputs& tick(const ArrayInputs& in) override {
    const std::vector<int64_t>& a = in.port[size_t(a_vec_)];
    const std::vector<int64_t>& b = in.port[size_t(b_vec_)];
    for (int i = 0; i < p_.rows; ++i) operand_ += uint64_t(p_.cols) * popcount64(uint64_t(a[size_t(i)] ^ prev_a_[size_t(i)]));
    for (int j = 0; j < p_.cols; ++j) operand_ += uint64_t(p_.rows) * popcount64(uint64_t(b[size_t(j)] ^ prev_b_[size_t(j)]));
    std::copy(a.begin(), a.end(), prev_a_.begin());
    std::copy(b.begin(), b.end(), prev_b_.begin());
    const ArrayOutputs& out = inner_.tick(in);
    const std::vector<int64_t>& c = out.port[size_t(c_vec_)];
    for (size_t i = 0; i < c.size(); ++i) acc_ += popcount64(uint64_t(c[i] ^ prev_c_[i]));
    std::copy(c.begin(), c.end(), prev_c_.begin());
    return out;
  }

  hw::ToggleCounts result(const ActivityTrace&) const override {
    hw::ToggleCounts t;
    t.bits["pe_operand_bits"] = operand_;
    t.bits["pe_acc_bits"] = acc_;
    return t;
  }

 private:
  Params p_;
  PortLayout layout_;
  int a_vec_, b_vec_, c_vec_;
  std::vector<int64_t> prev_a_, prev_b_, prev_c_;
  uint64_t operand_ = 0, acc_ = 0;
};

class LmulEnergy final : public hw::FamilyEnergy {
 public:
  std::unique_ptr<hw::ToggleRecorder> make_toggle_recorder(const EngineConfig& cfg, ArrayDevice& inner) const override {
    return std::make_unique<LmulToggleRecorder>(cfg, inner);
  }
  // A short K: more tile restarts (first) per MAC.
  GemmShape corner_shape(const EngineConfig&, const GemmShape& layer) const override {
    return {layer.m, std::max(1, layer.k / 8), layer.n};
  }
  // The layer; every operand zero (what a MAC costs whatever the data); the
  // short-K corner; zero activations with the real weights (the multipliers
  // see zeros on one side: the products are 0, the accumulators stay put).
  std::vector<hw::CharacterizationRun> characterization_runs(const EngineConfig&, const OperandMatrix& a,
                                                             const OperandMatrix& b, const OperandMatrix& corner_a,
                                                             const OperandMatrix& corner_b) const override {
    const OperandMatrix zero_a(a.rows, a.cols, 0), zero_b(b.rows, b.cols, 0);
    return {{"layer", a, b, true}, {"zero", zero_a, zero_b, false}, {"short-K", corner_a, corner_b, true},
            {"weights", zero_a, b, false}};
  }
  std::vector<hw::PricedAction> pe_actions(const EngineConfig&) const override {
    return {{"mac_base", "mac", "mac (control)", "MACs", "MAC"},
            {"pe_operand_toggle_bit", "toggles.pe_operand_bits", "operand toggles", "bits", "bit toggle"},
            {"pe_acc_toggle_bit", "toggles.pe_acc_bits", "accumulator toggles", "bits", "bit toggle"}};
  }
  std::vector<hw::PricedAction> top_actions(const EngineConfig&) const override {
    return {{"result_tile", "result_values", "results shown", "values", "value"}};
  }
};

}  // namespace

std::shared_ptr<const hw::FamilyEnergy> energy() { return std::make_shared<LmulEnergy>(); }

}  // namespace tpe::lmul
