#include "models/families/lutgemm/lutgemm_spec.hpp"

#include <cmath>
#include <random>
#include <stdexcept>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "models/engine/config_fields.hpp"
#include "models/families/shiftadd/shiftadd_spec.hpp"
#include "models/formats/float_formats.hpp"
#include "models/gemm/gemm_operands.hpp"
#include "models/quant/quantizers.hpp"

namespace tpe::lutgemm {
namespace {

using config::fail;

std::string desc(int rows, int cols, int planes, int group_size) {
  return fmt::format(R"({{"family":"lutgemm","rows":{},"cols":{},"group_size":{},)"
                     R"("a":{{"bits":16,"signed":false}},"b":{{"bits":{},"signed":false}},"acc_bits":16}})",
                     rows, cols, group_size, planes);
}

uint16_t fp16(double v) { return uint16_t(encode(fp16_format(), v)); }

// Side tensors of a K x N weight operand drawn value by value.
template <class Draw>
void draw_sides(const Arith& ar, OperandMatrix& b, Draw&& draw) {
  Matrix<int32_t> alpha(ar.groups(b.rows) * ar.planes, b.cols, 0), bias(ar.groups(b.rows), b.cols, 0);
  for (auto& v : alpha.data) v = draw();
  for (auto& v : bias.data) v = draw();
  b.side[kAlphaName] = std::move(alpha);
  b.side[kBiasName] = std::move(bias);
}

class LutGemmSpec final : public FamilySpec {
 public:
  std::string name() const override { return "lutgemm"; }
  std::string summary() const override {
    return "LUT-GEMM PE array (fp16): one 256-entry fp16 table per array row and 8 activations, queried by the "
           "weight-plane bytes; per-group fp16 alpha and q_bias applied once per group";
  }
  std::vector<std::string> pe_variants() const override { return {"baseline"}; }
  std::vector<std::string> fields() const override { return {"rows", "cols", "group_size"}; }

  void parse(const nlohmann::json& j, EngineConfig& cfg, const std::string& source) const override {
    cfg.params["rows"] = config::get_int(j, "rows", source, kMinDim, kMaxDim, true);
    cfg.params["cols"] = config::get_int(j, "cols", source, kMinDim, kMaxDim, true);
    cfg.params["group_size"] = config::get_int(j, "group_size", source, 8, 4096, false, 128);
    validate(cfg, source);
  }

  void validate(const EngineConfig& c, const std::string& source) const override {
    auto range = [&](const char* f, int64_t lo, int64_t hi) {
      const int64_t v = c.integer(f);
      if (v < lo || v > hi) fail(source, f, std::to_string(v), fmt::format("an integer in {}..{}", lo, hi));
    };
    range("rows", kMinDim, kMaxDim);
    range("cols", kMinDim, kMaxDim);
    range("group_size", 8, 4096);
    if (c.integer("group_size") % kGroup != 0)
      fail(source, "group_size", std::to_string(c.integer("group_size")),
           "a multiple of 8 (a table's 8 activations never straddle two groups)");
    if (c.a.is_signed || c.a.bits != kFp16Bits)
      fail(source, "a", c.a.tag(), "{\"bits\": 16, \"signed\": false} (fp16 activations as bit patterns)");
    if (c.b.is_signed || c.b.bits > 4)
      fail(source, "b", c.b.tag(), "an unsigned format of 2..4 bits (one bit per binary weight plane, q = bits)");
    if (c.acc_bits != kFp16Bits) fail(source, "acc_bits", std::to_string(c.acc_bits), "16 (fp16 results)");
  }

  void params_to_json(const EngineConfig& c, nlohmann::json& out) const override {
    for (const char* f : {"rows", "cols", "group_size"}) out[f] = c.integer(f);
  }

  // group_size only says when the controller folds (a strobe), not what the
  // hardware is, so it is not part of the tag.
  std::string tag(const EngineConfig& c) const override {
    return fmt::format("lutgemm_{}x{}_fp16_q{}", c.integer("rows"), c.integer("cols"), c.b.bits);
  }

  // in_valid samples one 8-column block kb of a tile: act lane r*8+j =
  // A[m0+r][8kb+j] (fp16), code lane c*q+b = plane b's byte of column n0+c,
  // alpha lane c*q+b and q_bias lane c = the scales of that column's group.
  // After the edge every PE (r, c) holds its plane sums t_b + table_r[byte_b]
  // and t_bias + table_r[255] (from +0 with `first`); with `fold` it folds
  // them into y (from +0 with `first`) and clears them. out_valid is set
  // after the edge that sampled `last`; c_vec lane r*cols+c shows PE (r, c)'s y.
  std::vector<PortSpec> ports(const EngineConfig& c) const override {
    const Params p = Params::of(c);
    const int q = p.arith.planes;
    return {
        {"in_valid", PortDir::In, 1, 1, false, PortRole::Strobe, ""},
        {"first", PortDir::In, 1, 1, false, PortRole::Data, "in_valid"},
        {"last", PortDir::In, 1, 1, false, PortRole::Data, "in_valid"},
        {"fold", PortDir::In, 1, 1, false, PortRole::Data, "in_valid"},
        {"act", PortDir::In, p.rows * kGroup, kFp16Bits, false, PortRole::Data, "in_valid"},
        {"code", PortDir::In, p.cols * q, kGroup, false, PortRole::Data, "in_valid"},
        {"alpha", PortDir::In, p.cols * q, kFp16Bits, false, PortRole::Data, "in_valid"},
        {"q_bias", PortDir::In, p.cols, kFp16Bits, false, PortRole::Data, "in_valid"},
        {"out_valid", PortDir::Out, 1, 1, false, PortRole::OutValid, ""},
        {"c_vec", PortDir::Out, p.rows * p.cols, kFp16Bits, false, PortRole::Data, "out_valid"},
    };
  }

  std::vector<CounterSpec> counters(const EngineConfig&) const override {
    return {{"mac", "MACs", "MAC equivalents: rows x cols x 8 per sampled block (a weight of q planes times an "
                            "activation; zero padding included)"},
            {"table_builds", "tables", "256-entry fp16 tables built: rows per sampled block (446 fp16 adds each)"},
            {"lookups", "lookups", "table reads: rows x cols x (q + 1) per sampled block (q planes and the bias entry)"},
            {"folds", "folds", "group folds: rows x cols per block with fold (q + 1 fp16 multiplies and adds each)"},
            {"result_values", "values", "results shown with out_valid: rows x cols per tile"}};
  }

  int pe_count(const EngineConfig& c) const override { return int(c.integer("rows") * c.integer("cols")); }
  int peak_macs_per_cycle(const EngineConfig& c) const override { return pe_count(c) * kGroup; }

  // Blocks stream back to back, tiles back to back (`first` restarts the
  // sums): tiles x ceil(K / 8) edges from the first block to the last.
  std::optional<uint64_t> closed_form_cycles(const EngineConfig& c, const GemmShape& s) const override {
    const Params p = Params::of(c);
    return shiftadd::block_stream_cycles(p.rows, p.cols, s);
  }

  std::vector<MatrixCase> test_matrix() const override {
    // The make-test cases share one description, a 1 x 2 array with q = 4 and
    // groups of 16 (one Verilated build, which ctest's lock per description
    // keeps from being compiled twice at once: about 80 s cold). K = 37 and 72
    // leave a partial last group; with K = 1 the group size is moot.
    return {
        {"r1_c2_q4_g16_odd", desc(1, 2, 4, 16), {3, 37, 5}, "random", 1},
        {"r1_c2_q4_g16_extremes_k1", desc(1, 2, 4, 16), {2, 1, 3}, "extremes", 2},
        {"r1_c2_q4_g16_stories", desc(1, 2, 4, 16), {2, 72, 4}, "stories260K", 3},
        {"r2_c3_q3_g16_extremes", desc(2, 3, 3, 16), {5, 41, 7}, "extremes", 4, true},
        {"r2_c2_q4_g128_stories", desc(2, 2, 4, 128), {4, 288, 6}, "stories260K", 5, true},
    };
  }

  bool computes_integer_gemm() const override { return false; }

  ResultMatrix reference_result(const EngineConfig& cfg, const OperandMatrix& a, const OperandMatrix& b) const override {
    return lutgemm_gemm(Params::of(cfg).arith, a, b);
  }

  // "random": activations N(0, 1) in fp16, plane codes uniform, alpha and
  //   q_bias N(0, 1/16) in fp16;
  // "extremes": activations +-65504 (fp16's largest), +-0, the smallest
  //   subnormal, +-Inf and NaN; every weight column all-ones or all-zeros
  //   codes; alpha and q_bias +-65504 or +-2^-24 (overflow to Inf, NaN from
  //   Inf - Inf, underflow to 0 all occur);
  // "stories260K": the real activations rounded to fp16, the real weights
  //   (w1) quantized as lutgemm-bcq does (uint-q asymmetric per group of
  //   group_size along K, converted to bit planes + fp16 alpha + q_bias).
  GemmOperands make_operands(const EngineConfig& cfg, const GemmShape& s, uint64_t seed,
                             const std::string& source) const override {
    const Arith ar = Params::of(cfg).arith;
    GemmOperands ops;
    std::mt19937_64 rng(seed);
    if (source == "random") {
      std::normal_distribution<double> normal(0.0, 1.0);
      ops.a = OperandMatrix(s.m, s.k, 0);
      for (auto& v : ops.a.data) v = fp16(normal(rng));
      ops.b = OperandMatrix(s.k, s.n, 0);
      for (auto& v : ops.b.data) v = int32_t(rng() % (uint64_t(1) << ar.planes));
      draw_sides(ar, ops.b, [&] { return int32_t(fp16(normal(rng) / 16)); });
      ops.description = fmt::format("random fp16 activations N(0,1), q={} planes, groups of {}, seed {}", ar.planes,
                                    ar.group_size, seed);
      return ops;
    }
    if (source == "extremes") {
      const uint16_t specials[] = {fp16(65504), fp16(-65504), 0x0000, 0x8000, 0x0001, 0x7c00, 0xfc00, 0x7e00};
      ops.a = OperandMatrix(s.m, s.k, 0);
      for (auto& v : ops.a.data) v = specials[rng() % 8];
      ops.b = OperandMatrix(s.k, s.n, 0);
      const int32_t ones = (1 << ar.planes) - 1;
      for (int k = 0; k < s.k; ++k)
        for (int n = 0; n < s.n; ++n) ops.b(k, n) = n % 2 == 0 ? ones : 0;
      const uint16_t scales[] = {fp16(65504), fp16(-65504), 0x0001, 0x8001};
      draw_sides(ar, ops.b, [&] { return int32_t(scales[rng() % 4]); });
      ops.description = fmt::format("extreme fp16 activations (+-max, +-0, subnormal, +-Inf, NaN), all-ones and "
                                    "all-zeros plane codes, scales +-max or +-2^-24, seed {}", seed);
      return ops;
    }
    if (source == "stories260K" || source == "stories260k") {
      Matrix<float> a, b;
      const std::string path = stories260k_float_operands(s, a, b);
      ops.a = fp16_activations(a);
      Matrix<float> w(s.n, s.k);  // W [N][K] = B^T
      for (int k = 0; k < s.k; ++k)
        for (int n = 0; n < s.n; ++n) w(n, k) = b(k, n);
      ops.b = operands_from_lutgemm(ar, lutgemm_from_uniform(quantize_asymmetric_groups(w, ar.planes, ar.group_size)));
      ops.description = fmt::format("stories260K token embeddings (fp16) x w1 as lutgemm-bcq stores it (uint{}, "
                                    "groups of {}) ({})", ar.planes, ar.group_size, path);
      return ops;
    }
    throw std::invalid_argument(fmt::format(
        "unknown operand source '{}' for the lutgemm family; allowed: random, stories260K, extremes", source));
  }
};

}  // namespace

Params Params::of(const EngineConfig& cfg) {
  Params p;
  p.rows = int(cfg.integer("rows"));
  p.cols = int(cfg.integer("cols"));
  p.arith.planes = cfg.b.bits;
  p.arith.group_size = int(cfg.integer("group_size"));
  return p;
}

std::shared_ptr<const FamilySpec> spec() { return std::make_shared<LutGemmSpec>(); }

}  // namespace tpe::lutgemm
