#include "hw/energy/families/mixed/mixed_energy.hpp"

#include <algorithm>
#include <bitset>

#include "models/families/mixed/mixed_spec.hpp"
#include "models/formats/float_formats.hpp"
#include "models/quant/scheme_w4a16.hpp"
#include "sim/core/array_io.hpp"

namespace tpe::mixed {
namespace {

int popcount64(uint64_t x) { return int(std::bitset<64>(x).count()); }

// Follows the generated RTL's nets: PE (i, j) sees a_vec lane i and column
// j's dequantized weight w16_j; its accumulator is c_vec lane i*cols+j;
// dequantizer j sees q_vec, s_vec and z_vec lane j. Counts, per edge, the
// bits that change: of the PE operands once per PE that reads them
// (pe_operand_bits), of the accumulators (pe_acc_bits), of the dequantizers'
// inputs (dequant_input_bits).
class MixedToggleRecorder final : public hw::ToggleRecorder {
 public:
  MixedToggleRecorder(const EngineConfig& cfg, ArrayDevice& inner)
      : ToggleRecorder(inner), p_(Params::of(cfg)), layout_(PortLayout::of(cfg)) {
    a_vec_ = layout_.input("a_vec");
    for (const char* n : {"q_vec", "s_vec", "z_vec"}) deq_ports_.push_back(layout_.input(n));
    c_vec_ = layout_.output("c_vec");
    prev_a_.assign(size_t(p_.rows), 0);
    prev_w_.assign(size_t(p_.cols), 0);
    prev_deq_.assign(deq_ports_.size() * size_t(p_.cols), 0);
    prev_c_.assign(size_t(p_.rows * p_.cols), 0);
  }

  const ArrayOutputs& tick(const ArrayInputs& in) override {
    const FloatFormat& f16 = fp16_format();
    const std::vector<int64_t>& a = in.port[size_t(a_vec_)];
    for (int i = 0; i < p_.rows; ++i) operand_ += uint64_t(p_.cols) * popcount64(uint64_t(a[size_t(i)] ^ prev_a_[size_t(i)]));
    std::copy(a.begin(), a.end(), prev_a_.begin());
    for (size_t port = 0; port < deq_ports_.size(); ++port) {
      const std::vector<int64_t>& v = in.port[size_t(deq_ports_[port])];
      for (int j = 0; j < p_.cols; ++j) {
        int64_t& prev = prev_deq_[port * size_t(p_.cols) + size_t(j)];
        deq_ += popcount64(uint64_t(v[size_t(j)] ^ prev));
        prev = v[size_t(j)];
      }
    }
    // The dequantizers' outputs, as the RTL forms them whether in_valid or not.
    const std::vector<int64_t>& q = in.port[size_t(deq_ports_[0])];
    const std::vector<int64_t>& s = in.port[size_t(deq_ports_[1])];
    const std::vector<int64_t>& z = in.port[size_t(deq_ports_[2])];
    for (int j = 0; j < p_.cols; ++j) {
      const float s16 = float(decode(f16, uint32_t(s[size_t(j)])));
      const uint32_t w = encode(f16, w4a16_dequant(int(q[size_t(j)]), s16, w4a16_scaled_zero(s16, int(z[size_t(j)]))));
      operand_ += uint64_t(p_.rows) * popcount64(uint64_t(w) ^ prev_w_[size_t(j)]);
      prev_w_[size_t(j)] = w;
    }
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
    t.bits["dequant_input_bits"] = deq_;
    return t;
  }

 private:
  Params p_;
  PortLayout layout_;
  int a_vec_, c_vec_;
  std::vector<int> deq_ports_;  // q_vec, s_vec, z_vec
  std::vector<int64_t> prev_a_, prev_deq_, prev_c_;
  std::vector<uint64_t> prev_w_;
  uint64_t operand_ = 0, acc_ = 0, deq_ = 0;
};

// The same operands with every value and side-tensor entry zero.
OperandMatrix zeros_like(const OperandMatrix& m) {
  OperandMatrix z(m.rows, m.cols, 0);
  for (const auto& [name, side] : m.side) z.side[name] = Matrix<int32_t>(side.rows, side.cols, 0);
  return z;
}

class MixedEnergy final : public hw::FamilyEnergy {
 public:
  std::unique_ptr<hw::ToggleRecorder> make_toggle_recorder(const EngineConfig& cfg, ArrayDevice& inner) const override {
    return std::make_unique<MixedToggleRecorder>(cfg, inner);
  }
  // A short K: more tile restarts (first) per MAC. The corner's weights get
  // their own side tensors from the family's operand maker.
  GemmShape corner_shape(const EngineConfig&, const GemmShape& layer) const override {
    return {layer.m, std::max(1, layer.k / 8), layer.n};
  }
  // The layer; every operand zero (what a MAC costs whatever the data); the
  // short-K corner; zero activations with the real weights (the PEs'
  // products are 0, the dequantizers still toggle).
  std::vector<hw::CharacterizationRun> characterization_runs(const EngineConfig&, const OperandMatrix& a,
                                                             const OperandMatrix& b, const OperandMatrix& corner_a,
                                                             const OperandMatrix& corner_b) const override {
    const OperandMatrix zero_a = zeros_like(a), zero_b = zeros_like(b);
    return {{"layer", a, b, true}, {"zero", zero_a, zero_b, false}, {"short-K", corner_a, corner_b, true},
            {"weights", zero_a, b, true}};
  }
  std::vector<hw::PricedAction> pe_actions(const EngineConfig&) const override {
    return {{"mac_base", "mac", "mac (control)", "MACs", "MAC"},
            {"pe_operand_toggle_bit", "toggles.pe_operand_bits", "operand toggles", "bits", "bit toggle"},
            {"pe_acc_toggle_bit", "toggles.pe_acc_bits", "accumulator toggles", "bits", "bit toggle"}};
  }
  std::vector<hw::PricedAction> top_actions(const EngineConfig&) const override {
    return {{"dequant_input_toggle_bit", "toggles.dequant_input_bits", "dequantizer input toggles", "bits",
             "bit toggle"},
            {"result_tile", "result_values", "results shown", "values", "value"}};
  }
};

}  // namespace

std::shared_ptr<const hw::FamilyEnergy> energy() { return std::make_shared<MixedEnergy>(); }

}  // namespace tpe::mixed
