#include "models/families/shiftadd/shiftadd_spec.hpp"

#include <random>
#include <stdexcept>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "models/engine/config_fields.hpp"
#include "models/formats/operands.hpp"
#include "models/gemm/gemm_operands.hpp"

namespace tpe::shiftadd {
namespace {

using config::fail;

std::string desc(int rows, int cols, int planes, int terms, int shift_bits, int exp_min, int acc_bits) {
  return fmt::format(R"({{"family":"shiftadd","pe":"bcq","rows":{},"cols":{},"terms":{},"shift_bits":{},)"
                     R"("exp_min":{},"a":{{"bits":8,"signed":true}},"b":{{"bits":{},"signed":false}},"acc_bits":{}}})",
                     rows, cols, terms, shift_bits, exp_min, planes, acc_bits);
}

// Alpha side tensor of a K x N weight operand drawn term by term.
template <class Draw>
Matrix<int32_t> draw_alpha(const Arith& ar, int k, int n, Draw&& draw) {
  Matrix<int32_t> alpha((k + kGroup - 1) / kGroup * ar.planes, (n + kBlockRows - 1) / kBlockRows * ar.terms, 0);
  for (auto& v : alpha.data) v = draw();
  return alpha;
}

class ShiftAddSpec final : public FamilySpec {
 public:
  std::string name() const override { return "shiftadd"; }
  std::string summary() const override {
    return "ShiftAddLLM BCQ PE array (multiplication-free): one 256-entry partial-sum table per array row and 8 "
           "activations, queried by the weight-plane bytes; APoT scales applied as shifts";
  }
  std::vector<std::string> pe_variants() const override { return {"bcq"}; }
  std::vector<std::string> fields() const override { return {"rows", "cols", "terms", "shift_bits", "exp_min"}; }

  void parse(const nlohmann::json& j, EngineConfig& cfg, const std::string& source) const override {
    cfg.params["rows"] = config::get_int(j, "rows", source, kMinDim, kMaxDim, true);
    cfg.params["cols"] = config::get_int(j, "cols", source, kMinDim, kMaxDim, true);
    cfg.params["terms"] = config::get_int(j, "terms", source, 1, 3, false, 3);
    cfg.params["shift_bits"] = config::get_int(j, "shift_bits", source, 1, 5, false, 3);
    cfg.params["exp_min"] = config::get_int(j, "exp_min", source, -24, 8, false, -10);
    validate(cfg, source);
  }

  void validate(const EngineConfig& c, const std::string& source) const override {
    auto range = [&](const char* f, int64_t lo, int64_t hi) {
      const int64_t v = c.integer(f);
      if (v < lo || v > hi) fail(source, f, std::to_string(v), fmt::format("an integer in {}..{}", lo, hi));
    };
    range("rows", kMinDim, kMaxDim);
    range("cols", kMinDim, kMaxDim);
    range("terms", 1, 3);
    range("shift_bits", 1, 5);
    range("exp_min", -24, 8);
    if (!c.a.is_signed || c.a.bits > 8)
      fail(source, "a", c.a.tag(), "a signed format of 2..8 bits (integer activations)");
    if (c.b.is_signed || c.b.bits > 4)
      fail(source, "b", c.b.tag(), "an unsigned format of 2..4 bits (one bit per binary weight plane, q = bits)");
  }

  void params_to_json(const EngineConfig& c, nlohmann::json& out) const override {
    for (const char* f : {"rows", "cols", "terms", "shift_bits", "exp_min"}) out[f] = c.integer(f);
  }

  // exp_min only says what the integer results mean (C x 2^exp_min), not
  // what the hardware is, so it is not part of the tag.
  std::string tag(const EngineConfig& c) const override {
    return fmt::format("shiftadd_bcq_{}x{}_{}_q{}t{}s{}_acc{}", c.integer("rows"), c.integer("cols"), c.a.tag(), c.b.bits,
                       c.integer("terms"), c.integer("shift_bits"), c.acc_bits);
  }

  // in_valid samples one 8-column block kb of a tile: act lane r*8+j =
  // A[m0+r][8kb+j], code lane c*q+b = plane b's byte of column n0+c, alpha
  // lane (c*q+b)*T+t = that plane's term t; after the edge every PE (r, c)
  // holds acc = (first ? 0 : acc) + sum_b sum_t sign * (table_r[byte] << shift).
  // out_valid is set after the edge that sampled `last`; c_vec lane r*cols+c
  // shows PE (r, c)'s accumulator.
  std::vector<PortSpec> ports(const EngineConfig& c) const override {
    const Params p = Params::of(c);
    const Arith& ar = p.arith;
    return {
        {"in_valid", PortDir::In, 1, 1, false, PortRole::Strobe, ""},
        {"first", PortDir::In, 1, 1, false, PortRole::Data, "in_valid"},
        {"last", PortDir::In, 1, 1, false, PortRole::Data, "in_valid"},
        {"act", PortDir::In, p.rows * kGroup, p.act_bits, true, PortRole::Data, "in_valid"},
        {"code", PortDir::In, p.cols * ar.planes, kGroup, false, PortRole::Data, "in_valid"},
        {"alpha", PortDir::In, p.cols * ar.planes * ar.terms, ar.term_bits(), false, PortRole::Data, "in_valid"},
        {"out_valid", PortDir::Out, 1, 1, false, PortRole::OutValid, ""},
        {"c_vec", PortDir::Out, p.rows * p.cols, ar.acc_bits, true, PortRole::Data, "out_valid"},
    };
  }

  std::vector<CounterSpec> counters(const EngineConfig&) const override {
    return {{"mac", "MACs", "MAC equivalents: rows x cols x 8 per sampled block (a weight of q planes times an "
                            "activation; zero padding included)"},
            {"table_builds", "tables", "256-entry partial-sum tables built: rows per sampled block"},
            {"lookups", "lookups", "table reads: rows x cols x q per sampled block"},
            {"shift_adds", "terms", "shifted table entries added: rows x cols x q x T per sampled block"},
            {"result_values", "values", "results shown with out_valid: rows x cols per tile"}};
  }

  int pe_count(const EngineConfig& c) const override { return int(c.integer("rows") * c.integer("cols")); }
  int peak_macs_per_cycle(const EngineConfig& c) const override { return pe_count(c) * kGroup; }

  // Blocks stream back to back, tiles back to back (the accumulators restart
  // with `first`): tiles x ceil(K / 8) edges from the first block to the last.
  std::optional<uint64_t> closed_form_cycles(const EngineConfig& c, const GemmShape& s) const override {
    const Params p = Params::of(c);
    return block_stream_cycles(p.rows, p.cols, s);
  }

  std::vector<MatrixCase> test_matrix() const override {
    // The make-test cases share one array (one Verilated build, cached by
    // the Verilog's hash) but for the small wrapping one.
    const std::string main = desc(2, 3, 3, 3, 4, -12, 32);
    return {
        {"r2_c3_q3t3s4_odd", main, {3, 13, 19}, "random", 1},
        {"r2_c3_q3t3s4_extremes_k1", main, {3, 1, 5}, "extremes", 2},
        {"r2_c3_q3t3s4_stories", main, {4, 64, 20}, "stories260K", 3},
        {"r1_c1_q2t1s2_acc12_odd", desc(1, 1, 2, 1, 2, -4, 12), {2, 9, 17}, "random", 4},
        {"r3_c2_q3t2_extremes", desc(3, 2, 3, 2, 3, -10, 24), {7, 21, 9}, "extremes", 5, true},
        {"r4_c4_q3t3s4_stories", desc(4, 4, 3, 3, 4, -12, 32), {8, 64, 40}, "stories260K", 6, true},
        {"r8_c8_q4t3_odd", desc(8, 8, 4, 3, 3, -10, 40), {17, 35, 19}, "random", 7, true},
        {"r2_c2_q4t3s5_extremes_k1", desc(2, 2, 4, 3, 5, -24, 64), {5, 1, 33}, "extremes", 8, true},
    };
  }

  bool computes_integer_gemm() const override { return false; }

  ResultMatrix reference_result(const EngineConfig& cfg, const OperandMatrix& a, const OperandMatrix& b) const override {
    return shiftadd_gemm(Params::of(cfg).arith, a, b);
  }

  // "random": activations over the format, plane codes uniform, terms
  //   present 3/4 of the time with random sign and shift;
  // "extremes": activations at the format's minimum or maximum, every
  //   weight column all-ones or all-zeros codes (all beta +1 or all -1),
  //   every term present at the largest shift;
  // "stories260K": the real activations quantized per tensor, the real
  //   weights (w1) quantized by bcq-shiftadd's quantizer (quantize_bcq_apot)
  //   and mapped to the datapath's shifts (exp - exp_min; terms below
  //   2^exp_min dropped, above clamped, both counted in the description).
  GemmOperands make_operands(const EngineConfig& cfg, const GemmShape& s, uint64_t seed,
                             const std::string& source) const override {
    const Arith ar = Params::of(cfg).arith;
    GemmOperands ops;
    std::mt19937_64 rng(seed);
    if (source == "random") {
      ops.a = random_operands(s.m, s.k, cfg.a, seed);
      ops.b = OperandMatrix(s.k, s.n, 0);
      for (auto& v : ops.b.data) v = int32_t(rng() % (uint64_t(1) << ar.planes));
      ops.b.side[kAlphaName] = draw_alpha(ar, s.k, s.n, [&] {
        return rng() % 4 == 0 ? 0 : term_code(ar, rng() % 2 ? 1 : -1, int(rng() % uint64_t(ar.max_shift() + 1)));
      });
      ops.description = fmt::format("random {} activations, q={} planes, T={} terms, seed {}", cfg.a.tag(), ar.planes,
                                    ar.terms, seed);
      return ops;
    }
    if (source == "extremes") {
      ops.a = OperandMatrix(s.m, s.k, 0);
      for (auto& v : ops.a.data) v = int32_t(rng() % 4 == 0 ? cfg.a.max_value() : cfg.a.min_value());
      ops.b = OperandMatrix(s.k, s.n, 0);
      const int32_t ones = (1 << ar.planes) - 1;
      for (int k = 0; k < s.k; ++k)
        for (int n = 0; n < s.n; ++n) ops.b(k, n) = n % 2 == 0 ? ones : 0;
      ops.b.side[kAlphaName] = draw_alpha(ar, s.k, s.n, [&] { return term_code(ar, rng() % 2 ? 1 : -1, ar.max_shift()); });
      ops.description = fmt::format("extreme activations (minimum / maximum), all-ones and all-zeros plane codes, "
                                    "every term at the largest shift {}, seed {}", ar.max_shift(), seed);
      return ops;
    }
    if (source == "stories260K" || source == "stories260k") {
      Matrix<float> a, b;
      const std::string path = stories260k_float_operands(s, a, b);
      ops.a = quantize_symmetric(a, cfg.a);
      Matrix<float> w(s.n, s.k);  // W [N][K] = B^T
      for (int k = 0; k < s.k; ++k)
        for (int n = 0; n < s.n; ++n) w(n, k) = b(k, n);
      Mapping mp = operands_from_bcq(ar, quantize_bcq_apot(w, ar.planes, ar.terms, kBlockRows, kGroup));
      ops.b = std::move(mp.b);
      ops.description = fmt::format("stories260K token embeddings ({}) x w1 in BCQ (q={}, T={}), shifts from 2^{}: {} "
                                    "terms dropped below, {} clamped above ({})",
                                    cfg.a.tag(), ar.planes, ar.terms, ar.exp_min, mp.dropped, mp.clamped, path);
      return ops;
    }
    throw std::invalid_argument(fmt::format(
        "unknown operand source '{}' for the shiftadd family; allowed: random, stories260K, extremes", source));
  }
};

}  // namespace

uint64_t block_stream_cycles(int rows, int cols, const GemmShape& s) {
  const uint64_t tiles = uint64_t((s.m + rows - 1) / rows) * uint64_t((s.n + cols - 1) / cols);
  return tiles * uint64_t((s.k + kGroup - 1) / kGroup);
}

Params Params::of(const EngineConfig& cfg) {
  Params p;
  p.rows = int(cfg.integer("rows"));
  p.cols = int(cfg.integer("cols"));
  p.act_bits = cfg.a.bits;
  p.arith.planes = cfg.b.bits;
  p.arith.terms = int(cfg.integer("terms"));
  p.arith.shift_bits = int(cfg.integer("shift_bits"));
  p.arith.exp_min = int(cfg.integer("exp_min"));
  p.arith.acc_bits = cfg.acc_bits;
  return p;
}

std::shared_ptr<const FamilySpec> spec() { return std::make_shared<ShiftAddSpec>(); }

}  // namespace tpe::shiftadd
