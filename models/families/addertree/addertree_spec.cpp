#include "models/families/addertree/addertree_spec.hpp"

#include <cstdlib>
#include <limits>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "models/engine/config_fields.hpp"
#include "models/gemm/int_gemm.hpp"
#include "models/util/bits.hpp"

namespace tpe::addertree {
namespace {

using config::fail;

// A description with these fields, for the test matrix ("i8" = 8-bit signed, "u4" = 4-bit unsigned).
std::string desc(int k, int n, int stages, const char* a, const char* b, int acc, const char* pe = "baseline") {
  return fmt::format(R"({{"family":"addertree","pe":"{}","k":{},"n":{},"stages":{},"a":{},"b":{},"acc_bits":{}}})", pe,
                     k, n, stages, config::format_json(a), config::format_json(b), acc);
}

class AdderTreeSpec final : public FamilySpec {
 public:
  std::string name() const override { return "addertree"; }
  std::string summary() const override {
    return "multiplier-adder tree (Trapezoid-style, weight-stationary): N dot-product units of K multipliers and a "
           "pipelined reduction tree; baseline or OPT2 same-bit-weight PE";
  }
  std::vector<std::string> pe_variants() const override { return {"baseline", "opt2"}; }
  std::vector<std::string> fields() const override { return {"k", "n", "stages"}; }

  void parse(const nlohmann::json& j, EngineConfig& cfg, const std::string& source) const override {
    cfg.params["k"] = config::get_int(j, "k", source, kMinK, kMaxK, true);
    cfg.params["n"] = config::get_int(j, "n", source, kMinN, kMaxN, true);
    // The upper bound depends on k; validate() checks it with k's message.
    cfg.params["stages"] = config::get_int(j, "stages", source, 0, ceil_log2(kMaxK), true);
  }

  void validate(const EngineConfig& c, const std::string& source) const override {
    auto range = [&](const char* field, int64_t lo, int64_t hi, const std::string& why) {
      const int64_t v = c.integer(field);
      if (v < lo || v > hi) fail(source, field, std::to_string(v), fmt::format("an integer in {}..{}{}", lo, hi, why));
    };
    range("k", kMinK, kMaxK, "");
    range("n", kMinN, kMaxN, "");
    // A register after at most every adder level of the tree.
    const int k = int(c.integer("k"));
    range("stages", 0, ceil_log2(k), fmt::format(" (ceil(log2 k) adder levels with \"k\":{})", k));
  }

  void params_to_json(const EngineConfig& c, nlohmann::json& out) const override {
    out["k"] = c.integer("k");
    out["n"] = c.integer("n");
    out["stages"] = c.integer("stages");
  }

  std::string tag(const EngineConfig& c) const override {
    std::string t = fmt::format("addertree_k{}_n{}_s{}_{}{}_acc{}", c.integer("k"), c.integer("n"),
                                c.integer("stages"), c.a.tag(), c.b.tag(), c.acc_bits);
    if (c.pe != "baseline") t += "_" + c.pe;
    return t;
  }

  // Weight load: w_load shifts every unit's K weights one position towards
  // lane 0, w_vec lane j entering unit j at lane K-1 (K loads, rows k0 first).
  // Streaming: in_valid samples a_vec (row m of A, one K-fold) and p_vec (the
  // partial sums of that row from the previous fold); c_vec lane j = p_j +
  // sum_k a_k * w_kj, stages+1 edges later.
  std::vector<PortSpec> ports(const EngineConfig& c) const override {
    const Params p = Params::of(c);
    const bool c_signed = product_is_signed(c.a, c.b);
    return {
        {"in_valid", PortDir::In, 1, 1, false, PortRole::Strobe, ""},
        {"a_vec", PortDir::In, p.k, c.a.bits, c.a.is_signed, PortRole::Data, "in_valid"},
        {"p_vec", PortDir::In, p.n, c.acc_bits, c_signed, PortRole::Data, "in_valid"},
        {"w_load", PortDir::In, 1, 1, false, PortRole::Strobe, ""},
        {"w_vec", PortDir::In, p.n, c.b.bits, c.b.is_signed, PortRole::Data, "w_load"},
        {"out_valid", PortDir::Out, 1, 1, false, PortRole::OutValid, ""},
        {"c_vec", PortDir::Out, p.n, c.acc_bits, c_signed, PortRole::Data, "out_valid"},
        {"idle", PortDir::Out, 1, 1, false, PortRole::Status, ""},
    };
  }

  std::vector<CounterSpec> counters(const EngineConfig&) const override {
    return {{"mac", "MACs", "multiplications of a streamed row: k x n per row (zero padding included)"},
            {"weight_write_bits", "bits", "bits shifted into the weight registers: k x n x b.bits per w_load"},
            {"input_reg_write_bits", "bits",
             "bits written into the input registers: k x a.bits (activations) + n x acc_bits (partial sums) per row"},
            {"result_values", "values", "dot products written into the output registers: n per row"}};
  }

  // The PE is one dot-product unit (K multipliers, its tree, its weights).
  int pe_count(const EngineConfig& c) const override { return int(c.integer("n")); }
  int peak_macs_per_cycle(const EngineConfig& c) const override { return int(c.integer("k") * c.integer("n")); }

  std::optional<uint64_t> closed_form_cycles(const EngineConfig& c, const GemmShape& s) const override {
    // Per fold: K weight loads, M streamed rows; the last row's result is in
    // the output register `latency` edges after it was sampled, and the
    // controller, which sees it (and `idle`) a round trip later, starts the
    // next fold's load at the edge after that: K + M + latency + 1 edges per
    // fold from load to load (docs/families/addertree.md).
    const Params p = Params::of(c);
    const uint64_t folds = uint64_t((s.n + p.n - 1) / p.n) * uint64_t((s.k + p.k - 1) / p.k);
    constexpr uint64_t kRoundTrip = 2;  // sim/core/engine_loop
    const uint64_t per_fold = uint64_t(p.k) + uint64_t(s.m) + uint64_t(p.latency()) + kRoundTrip - 1;
    return folds * per_fold - 1;  // the last fold ends at its last output, not at the next load
  }

  std::optional<GemmShape> memory_tile(const EngineConfig& c) const override {
    // Each fold holds n columns of B and streams every row of A.
    return GemmShape{std::numeric_limits<int>::max(), 0, int(c.integer("n"))};
  }

  std::vector<MatrixCase> test_matrix() const override {
    return {
        // Odd shapes (M, K, N not multiples of the array), K = 1, every stages value of K = 4, 5, 16.
        {"k4_n4_s0_int8_odd", desc(4, 4, 0, "i8", "i8", 32), {7, 9, 6}},
        {"k4_n4_s1_int8_odd", desc(4, 4, 1, "i8", "i8", 32), {9, 11, 7}, "random", 2},
        {"k4_n4_s2_int8_odd", desc(4, 4, 2, "i8", "i8", 32), {5, 13, 9}, "random", 3},
        {"k4_n4_s1_int8_k1", desc(4, 4, 1, "i8", "i8", 32), {3, 1, 5}, "random", 7},
        {"k2_n1_s1_i16i2_rect", desc(2, 1, 1, "i16", "i2", 40), {4, 7, 3}},
        {"k5_n3_s0_i8u4_odd", desc(5, 3, 0, "i8", "u4", 32), {6, 13, 8}},
        {"k5_n3_s3_u8i8_odd", desc(5, 3, 3, "u8", "i8", 32), {8, 12, 7}, "random", 4},
        {"k16_n16_s0_int8_odd", desc(16, 16, 0, "i8", "i8", 32), {17, 33, 20}},
        {"k16_n16_s2_int8_odd", desc(16, 16, 2, "i8", "i8", 32), {20, 35, 17}, "random", 5},
        {"k16_n16_s4_int4_odd", desc(16, 16, 4, "i4", "i4", 32), {19, 23, 10}},
        {"k8_n5_s3_int8_m1", desc(8, 5, 3, "i8", "i8", 32), {1, 20, 11}, "random", 6},
        // Unsigned operands and accumulators narrow enough to wrap; the formats' extremes.
        {"k4_n4_s1_u4u4_wraps", desc(4, 4, 1, "u4", "u4", 12), {6, 40, 5}},
        {"k3_n5_s2_u8u8_wraps", desc(3, 5, 2, "u8", "u8", 16), {5, 9, 11}},
        {"k4_n4_s2_i8_acc16_wraps", desc(4, 4, 2, "i8", "i8", 16), {4, 64, 4}, "random", 3},
        {"k4_n4_s1_int8_extremes", desc(4, 4, 1, "i8", "i8", 16), {6, 37, 5}, "extremes"},
        // LLM-shaped tiles from the real stories260K weights.
        {"k16_n16_s2_int8_stories", desc(16, 16, 2, "i8", "i8", 32), {64, 64, 172}, "stories260K"},
        {"k8_n8_s1_int4_stories", desc(8, 8, 1, "i4", "i4", 32), {64, 64, 172}, "stories260K"},
        // The seed paper's OPT2 PE (same-bit-weight reduction, Booth digits shared per tree row).
        {"k4_n4_s1_int8_opt2", desc(4, 4, 1, "i8", "i8", 32, "opt2"), {9, 40, 7}, "random", 5},
        {"k4_n4_s0_int8_opt2_odd", desc(4, 4, 0, "i8", "i8", 32, "opt2"), {7, 9, 6}},
        {"k5_n3_s3_u5i6_opt2_wraps", desc(5, 3, 3, "u5", "i6", 14, "opt2"), {8, 33, 11}},
        {"k4_n4_s2_i8u8_opt2_wraps", desc(4, 4, 2, "i8", "u8", 16, "opt2"), {5, 70, 6}, "random", 9},
        {"k4_n4_s1_opt2_extremes", desc(4, 4, 1, "i8", "i8", 16, "opt2"), {5, 33, 6}, "extremes"},
        {"k4_n4_s1_opt2_stories", desc(4, 4, 1, "i8", "i8", 32, "opt2"), {64, 64, 172}, "stories260K"},
        // The paper-size OPT2 tree takes minutes to Verilate (many 1-bit adder nets): make test-full.
        {"k16_n16_s2_opt2_stories", desc(16, 16, 2, "i8", "i8", 32, "opt2"), {64, 64, 172}, "stories260K", 1, true},
        // Bigger arrays: make test-full.
        {"k64_n32_s6_int8_odd", desc(64, 32, 6, "i8", "i8", 32), {30, 150, 70}, "random", 1, true},
        {"k32_n32_s5_int8_opt2_odd", desc(32, 32, 5, "i8", "i8", 32, "opt2"), {30, 70, 45}, "random", 1, true},
    };
  }
};

}  // namespace

Params Params::of(const EngineConfig& cfg) {
  Params p;
  p.k = int(cfg.integer("k"));
  p.n = int(cfg.integer("n"));
  p.stages = int(cfg.integer("stages"));
  p.opt2 = cfg.pe == "opt2";
  return p;
}

int Params::depth() const { return ceil_log2(k); }

EngineConfig make_config(int k, int n, int stages, IntFormat a, IntFormat b, int acc_bits, const std::string& pe) {
  EngineConfig c;
  c.family = "addertree";
  c.pe = pe;
  c.a = a;
  c.b = b;
  c.acc_bits = acc_bits;
  c.params["k"] = int64_t(k);
  c.params["n"] = int64_t(n);
  c.params["stages"] = int64_t(stages);
  validate(c, "make_config");
  c.name = c.tag();
  return c;
}

std::shared_ptr<const FamilySpec> spec() { return std::make_shared<AdderTreeSpec>(); }

}  // namespace tpe::addertree
