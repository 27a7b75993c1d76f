#include "models/families/mixed/mixed_spec.hpp"

#include <cmath>
#include <cstring>
#include <random>
#include <stdexcept>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "models/engine/config_fields.hpp"
#include "models/formats/float_formats.hpp"
#include "models/gemm/gemm_operands.hpp"
#include "models/quant/quantizers.hpp"
#include "models/quant/scheme_w4a16.hpp"

namespace tpe::mixed {
namespace {

using config::fail;

std::string desc(int rows, int cols, int group) {
  return fmt::format(R"({{"family":"mixed","pe":"w4a16","rows":{},"cols":{},"group":{},)"
                     R"("a":{{"bits":16,"signed":false}},"b":{{"bits":4,"signed":false}},"acc_bits":32}})",
                     rows, cols, group);
}

uint32_t float_bits(float f) {
  uint32_t u;
  std::memcpy(&u, &f, 4);
  return u;
}

int groups_of(int k, int group) { return (k + group - 1) / group; }

// Every fp16 pattern class: signed zeros, the smallest and largest
// subnormals, the smallest normal, the largest finite, Inf, NaN, ordinary values.
std::vector<uint32_t> fp16_specials() {
  const FloatFormat& f = fp16_format();
  return {0x0000, 0x8000, 0x0001, 0x83FF, 0x0400, f.max_finite_bits(), 0x8000 | f.max_finite_bits(),
          0x7C00, 0xFC00, f.canonical_nan_bits(), encode(f, 1.0), encode(f, -1.5)};
}

class MixedSpec final : public FamilySpec {
 public:
  std::string name() const override { return "mixed"; }
  std::string summary() const override {
    return "mixed-precision PE array (output-stationary, broadcast operands): w4a16 = int4 weights with per-group "
           "fp16 scales and zero points, dequantized by one fp16 FMA per weight column, times fp16 activations, "
           "accumulated in fp32 (the w4a16 scheme bit for bit)";
  }
  std::vector<std::string> pe_variants() const override { return {"w4a16"}; }
  std::vector<std::string> fields() const override { return {"rows", "cols", "group"}; }

  void parse(const nlohmann::json& j, EngineConfig& cfg, const std::string& source) const override {
    cfg.params["rows"] = config::get_int(j, "rows", source, kMinDim, kMaxDim, true);
    cfg.params["cols"] = config::get_int(j, "cols", source, kMinDim, kMaxDim, true);
    cfg.params["group"] = config::get_int(j, "group", source, 1, kMaxGroup, false, 128);
    validate(cfg, source);
  }

  void validate(const EngineConfig& c, const std::string& source) const override {
    auto range = [&](const char* f, int64_t lo, int64_t hi) {
      const int64_t v = c.integer(f);
      if (v < lo || v > hi) fail(source, f, std::to_string(v), fmt::format("an integer in {}..{}", lo, hi));
    };
    range("rows", kMinDim, kMaxDim);
    range("cols", kMinDim, kMaxDim);
    range("group", 1, kMaxGroup);
    if (c.a.bits != 16 || c.a.is_signed) fail(source, "a", c.a.tag(), R"({"bits":16,"signed":false} (fp16 bit patterns))");
    if (c.b.bits != 4 || c.b.is_signed) fail(source, "b", c.b.tag(), R"({"bits":4,"signed":false} (uint4 weight codes))");
    if (c.acc_bits != 32) fail(source, "acc_bits", std::to_string(c.acc_bits), "32 (fp32 accumulation)");
  }

  void params_to_json(const EngineConfig& c, nlohmann::json& out) const override {
    out["rows"] = c.integer("rows");
    out["cols"] = c.integer("cols");
    out["group"] = c.integer("group");
  }

  // The group size is the controller's business (which scale it drives), not
  // the array's: it is in the tag so two configs never share a name.
  std::string tag(const EngineConfig& c) const override {
    return fmt::format("mixed_w4a16_{}x{}_g{}", c.integer("rows"), c.integer("cols"), c.integer("group"));
  }

  // in_valid samples a_vec (lane i = A[m0+i][k], fp16), q_vec (lane j =
  // B[k][n0+j], uint4), s_vec / z_vec (lane j = the scale / zero of column
  // n0+j's group of k); column j's dequantizer forms w16_j and every PE (i, j)
  // holds acc = (first ? +0 : acc) + a_i * w16_j after that edge. out_valid is
  // set after the edge that sampled `last`; c_vec lane i*cols+j shows PE (i, j)'s acc.
  std::vector<PortSpec> ports(const EngineConfig& c) const override {
    const Params p = Params::of(c);
    return {
        {"in_valid", PortDir::In, 1, 1, false, PortRole::Strobe, ""},
        {"first", PortDir::In, 1, 1, false, PortRole::Data, "in_valid"},
        {"last", PortDir::In, 1, 1, false, PortRole::Data, "in_valid"},
        {"a_vec", PortDir::In, p.rows, 16, false, PortRole::Data, "in_valid"},
        {"q_vec", PortDir::In, p.cols, 4, false, PortRole::Data, "in_valid"},
        {"s_vec", PortDir::In, p.cols, 16, false, PortRole::Data, "in_valid"},
        {"z_vec", PortDir::In, p.cols, 4, false, PortRole::Data, "in_valid"},
        {"out_valid", PortDir::Out, 1, 1, false, PortRole::OutValid, ""},
        {"c_vec", PortDir::Out, p.rows * p.cols, 32, false, PortRole::Data, "out_valid"},
    };
  }

  std::vector<CounterSpec> counters(const EngineConfig&) const override {
    return {{"mac", "MACs", "fp16 x fp16 multiply, fp32 accumulate: rows x cols per sampled column (zero padding "
                            "included)"},
            {"dequants", "weights", "weights dequantized (fp16 FMA): cols per sampled column"},
            {"operand_bits", "bits", "operand bits sampled: rows x 16 + cols x (4 + 16 + 4) per sampled column"},
            {"result_values", "values", "fp32 results shown with out_valid: rows x cols per tile"}};
  }

  int pe_count(const EngineConfig& c) const override { return int(c.integer("rows") * c.integer("cols")); }
  int peak_macs_per_cycle(const EngineConfig& c) const override { return pe_count(c); }

  // One K column per edge, every tile's K columns back to back, tiles back
  // to back (the accumulators restart with `first`; dequantization sits in
  // the same cycle as the MAC): tiles x K edges from the first to the last.
  std::optional<uint64_t> closed_form_cycles(const EngineConfig& c, const GemmShape& s) const override {
    const Params p = Params::of(c);
    const uint64_t tiles = uint64_t((s.m + p.rows - 1) / p.rows) * uint64_t((s.n + p.cols - 1) / p.cols);
    return tiles * uint64_t(s.k);
  }

  std::optional<GemmShape> memory_tile(const EngineConfig& c) const override {
    return GemmShape{int(c.integer("rows")), 0, int(c.integer("cols"))};
  }

  std::vector<MatrixCase> test_matrix() const override {
    // The make-test cases share one array and group (one Verilated build,
    // cached by the Verilog's hash); groups of 8 do not divide K = 13 or 11.
    const std::string main = desc(2, 2, 8);
    return {
        {"r2_c2_g8_odd", main, {3, 13, 5}, "random", 1},
        {"r2_c2_g8_extremes_k1", main, {3, 1, 5}, "extremes", 2},
        {"r2_c2_g8_extremes", main, {5, 11, 3}, "extremes", 3},
        {"r2_c2_g8_stories", main, {4, 64, 6}, "stories260K", 4},
        {"r4_c4_g16_stories", desc(4, 4, 16), {8, 64, 12}, "stories260K", 5, true},
        {"r3_c2_g128_odd", desc(3, 2, 128), {7, 150, 5}, "random", 6, true},
        {"r1_c3_g1_extremes", desc(1, 3, 1), {2, 7, 7}, "extremes", 7, true},
    };
  }

  bool computes_integer_gemm() const override { return false; }

  ResultMatrix reference_result(const EngineConfig& cfg, const OperandMatrix& a, const OperandMatrix& b) const override {
    return w4a16_gemm(Params::of(cfg).group, a, b);
  }

  // "random": N(0, 1) activations in fp16 (1 in 32 an fp16 special), codes
  //   and zero points uniform in 0..15, scales uniform in [2^-10, 2^-4];
  // "extremes": activations, scales drawn from every fp16 special class
  //   (signed zeros, subnormals, +-max, +-Inf, NaN), codes 0 or 15 and zero
  //   points 0 or 15 (q - z from -15 to +15), whole all-zero groups;
  // "stories260K": the real activations in fp16 and w1 quantized by the
  //   w4a16 scheme's own quantizer (llm-awq, per (n, group)).
  GemmOperands make_operands(const EngineConfig& cfg, const GemmShape& s, uint64_t seed,
                             const std::string& source) const override {
    const int group = Params::of(cfg).group, G = groups_of(s.k, group);
    const FloatFormat& f16 = fp16_format();
    GemmOperands ops;
    ops.a = OperandMatrix(s.m, s.k, 0);
    ops.b = OperandMatrix(s.k, s.n, 0);
    Matrix<int32_t> scale(G, s.n, 0), zero(G, s.n, 0);
    std::mt19937_64 rng(seed);
    const std::vector<uint32_t> specials = fp16_specials();
    if (source == "random") {
      std::normal_distribution<double> normal(0.0, 1.0);
      std::uniform_real_distribution<double> log_scale(-10.0, -4.0);
      for (auto& v : ops.a.data)
        v = int32_t(rng() % 32 == 0 ? specials[rng() % specials.size()] : encode(f16, normal(rng)));
      for (auto& v : ops.b.data) v = int32_t(rng() % 16);
      for (auto& v : scale.data) v = int32_t(encode(f16, std::exp2(log_scale(rng))));
      for (auto& v : zero.data) v = int32_t(rng() % 16);
      ops.description = fmt::format("random fp16 activations, uint4 codes, group {} scales and zeros, seed {}", group, seed);
    } else if (source == "extremes") {
      for (auto& v : ops.a.data) v = int32_t(specials[rng() % specials.size()]);
      for (auto& v : ops.b.data) v = rng() % 2 ? 15 : 0;
      for (auto& v : scale.data) v = int32_t(rng() % 2 ? specials[rng() % specials.size()] : encode(f16, 0.5));
      for (auto& v : zero.data) v = rng() % 2 ? 15 : 0;
      // One all-zero weight group (codes 0, zero point 0) where there are two or more.
      if (G > 1)
        for (int k = 0; k < std::min(group, s.k); ++k)
          for (int n = 0; n < s.n; ++n) ops.b(k, n) = 0, zero(0, n) = 0;
      ops.description = fmt::format("fp16 specials as activations and scales, codes and zero points 0 or 15, group {}, "
                                    "seed {}", group, seed);
    } else if (source == "stories260K" || source == "stories260k") {
      Matrix<float> a, b;
      const std::string path = stories260k_float_operands(s, a, b);
      for (size_t i = 0; i < a.data.size(); ++i) ops.a.data[i] = int32_t(encode(f16, a.data[i]));
      Matrix<float> w(s.n, s.k);  // W [N][K] = B^T
      for (int k = 0; k < s.k; ++k)
        for (int n = 0; n < s.n; ++n) w(n, k) = b(k, n);
      const GroupQuant q = quantize_asymmetric_groups(w, 4, group);  // as make_w4a16_scheme
      for (int k = 0; k < s.k; ++k)
        for (int n = 0; n < s.n; ++n) ops.b(k, n) = q.q(n, k);
      for (int g = 0; g < G; ++g)
        for (int n = 0; n < s.n; ++n) {
          scale(g, n) = int32_t(encode(f16, q.scale(n, g)));
          zero(g, n) = q.zero(n, g);
        }
      ops.description = fmt::format("stories260K token embeddings in fp16 x w1 in w4a16 (group {}) ({})", group, path);
    } else {
      throw std::invalid_argument(fmt::format(
          "unknown operand source '{}' for the mixed family; allowed: random, stories260K, extremes", source));
    }
    ops.b.side[kScaleName] = std::move(scale);
    ops.b.side[kZeroName] = std::move(zero);
    return ops;
  }
};

}  // namespace

Params Params::of(const EngineConfig& cfg) {
  Params p;
  p.rows = int(cfg.integer("rows"));
  p.cols = int(cfg.integer("cols"));
  p.group = int(cfg.integer("group"));
  return p;
}

void check_side_tensors(int group, const OperandMatrix& b) {
  const int K = b.rows, N = b.cols, G = groups_of(K, group);
  for (const char* name : {kScaleName, kZeroName}) {
    auto it = b.side.find(name);
    if (it == b.side.end() || it->second.rows != G || it->second.cols != N)
      throw std::invalid_argument(fmt::format("mixed w4a16: weight side tensor '{}' must be {} x {} (groups of {} along "
                                              "K = {} x N)", name, G, N, group, K));
  }
}

ResultMatrix w4a16_gemm(int group, const OperandMatrix& a, const OperandMatrix& b) {
  check_side_tensors(group, b);
  const int K = a.cols, N = b.cols, G = groups_of(K, group);
  const Matrix<int32_t>& scale = b.side.at(kScaleName);
  const Matrix<int32_t>& zero = b.side.at(kZeroName);
  const FloatFormat& f16 = fp16_format();
  Matrix<float> x16(a.rows, K), w16(N, K);
  for (size_t i = 0; i < a.data.size(); ++i) x16.data[i] = float(decode(f16, uint32_t(a.data[i])));
  for (int n = 0; n < N; ++n)
    for (int g = 0; g < G; ++g) {
      const float s16 = float(decode(f16, uint32_t(scale(g, n))));
      const float sz16 = w4a16_scaled_zero(s16, zero(g, n));
      for (int k = g * group; k < std::min(K, (g + 1) * group); ++k) w16(n, k) = w4a16_dequant(b(k, n), s16, sz16);
    }
  const Matrix<float> y = w4a16_dot(x16, w16);
  ResultMatrix c(a.rows, N, 0);
  for (size_t i = 0; i < y.data.size(); ++i)
    c.data[i] = std::isnan(y.data[i]) ? int64_t(kCanonicalNan) : int64_t(float_bits(y.data[i]));
  return c;
}

std::shared_ptr<const FamilySpec> spec() { return std::make_shared<MixedSpec>(); }

}  // namespace tpe::mixed
