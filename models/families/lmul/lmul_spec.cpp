#include "models/families/lmul/lmul_spec.hpp"

#include <cmath>
#include <random>
#include <stdexcept>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "models/engine/config_fields.hpp"
#include "models/formats/fp_add.hpp"
#include "models/formats/lmul.hpp"
#include "models/gemm/gemm_operands.hpp"
#include "models/quant/scheme_float_mul.hpp"

namespace tpe::lmul {
namespace {

using config::fail;

std::string desc(int rows, int cols, const char* format) {
  const int bits = operand_format(format).total_bits();
  return fmt::format(R"({{"family":"lmul","pe":"baseline","rows":{},"cols":{},"format":"{}",)"
                     R"("a":{{"bits":{},"signed":false}},"b":{{"bits":{},"signed":false}},"acc_bits":32}})",
                     rows, cols, format, bits, bits);
}

// Every pattern class of a format: zeros, subnormals, the smallest and
// largest normals, Inf and NaN where the format has them, ordinary values.
std::vector<uint32_t> special_patterns(const FloatFormat& f) {
  const uint32_t sign = f.sign_mask(), man = (uint32_t(1) << f.man_bits) - 1;
  std::vector<uint32_t> v = {0, sign, 1, sign | man, uint32_t(1) << f.man_bits, f.max_finite_bits(),
                             sign | f.max_finite_bits(), f.canonical_nan_bits(), encode(f, 1.0), encode(f, -1.5)};
  if (f.ieee_specials) {
    v.push_back(f.inf_bits());
    v.push_back(sign | f.inf_bits());
  }
  return v;
}

class LmulSpec final : public FamilySpec {
 public:
  std::string name() const override { return "lmul"; }
  std::string summary() const override {
    return "L-Mul floating-point PE array (output-stationary, broadcast operands): each PE multiplies by one integer "
           "add (arXiv 2410.00907) and accumulates in fp32, one RNE add per MAC";
  }
  std::vector<std::string> pe_variants() const override { return {"baseline"}; }
  std::vector<std::string> fields() const override { return {"rows", "cols", "format"}; }

  void parse(const nlohmann::json& j, EngineConfig& cfg, const std::string& source) const override {
    cfg.params["rows"] = config::get_int(j, "rows", source, kMinDim, kMaxDim, true);
    cfg.params["cols"] = config::get_int(j, "cols", source, kMinDim, kMaxDim, true);
    cfg.params["format"] = config::get_choice(j, "format", source, format_names(), true);
    validate(cfg, source);
  }

  void validate(const EngineConfig& c, const std::string& source) const override {
    for (const char* f : {"rows", "cols"}) {
      const int64_t v = c.integer(f);
      if (v < kMinDim || v > kMaxDim)
        fail(source, f, std::to_string(v), fmt::format("an integer in {}..{}", kMinDim, kMaxDim));
    }
    const std::string& name = c.text("format");
    bool known = false;
    for (const auto& n : format_names()) known |= n == name;
    if (!known) fail(source, "format", "\"" + name + "\"", config::quoted_list(format_names()));
    // The operands are raw bit patterns of the format; the results fp32 patterns.
    const int bits = operand_format(name).total_bits();
    const std::string want = fmt::format("{{\"bits\":{},\"signed\":false}} (the {} bit pattern)", bits, name);
    if (c.a.bits != bits || c.a.is_signed) fail(source, "a", c.a.tag(), want);
    if (c.b.bits != bits || c.b.is_signed) fail(source, "b", c.b.tag(), want);
    if (c.acc_bits != 32) fail(source, "acc_bits", std::to_string(c.acc_bits), "32 (fp32 accumulation)");
  }

  void params_to_json(const EngineConfig& c, nlohmann::json& out) const override {
    out["rows"] = c.integer("rows");
    out["cols"] = c.integer("cols");
    out["format"] = c.text("format");
  }

  std::string tag(const EngineConfig& c) const override {
    return fmt::format("lmul_{}x{}_{}_fp32", c.integer("rows"), c.integer("cols"), c.text("format"));
  }

  // in_valid samples a_vec (column k of A: lane i = A[m0+i][k]) and b_vec
  // (row k of B: lane j = B[k][n0+j]); every PE (i, j) then holds
  // acc = (first ? +0 : acc) + L-Mul(a_i, b_j) after that edge. out_valid is
  // set after the edge that sampled `last`; c_vec lane i*cols+j shows PE (i, j)'s acc.
  std::vector<PortSpec> ports(const EngineConfig& c) const override {
    const Params p = Params::of(c);
    const int w = p.format->total_bits();
    return {
        {"in_valid", PortDir::In, 1, 1, false, PortRole::Strobe, ""},
        {"first", PortDir::In, 1, 1, false, PortRole::Data, "in_valid"},
        {"last", PortDir::In, 1, 1, false, PortRole::Data, "in_valid"},
        {"a_vec", PortDir::In, p.rows, w, false, PortRole::Data, "in_valid"},
        {"b_vec", PortDir::In, p.cols, w, false, PortRole::Data, "in_valid"},
        {"out_valid", PortDir::Out, 1, 1, false, PortRole::OutValid, ""},
        {"c_vec", PortDir::Out, p.rows * p.cols, 32, false, PortRole::Data, "out_valid"},
    };
  }

  std::vector<CounterSpec> counters(const EngineConfig&) const override {
    return {{"mac", "MACs", "L-Mul multiply-accumulates: rows x cols per sampled column (zero padding included)"},
            {"operand_bits", "bits", "operand bits sampled: (rows + cols) x operand bits per sampled column"},
            {"result_values", "values", "fp32 results shown with out_valid: rows x cols per tile"}};
  }

  int pe_count(const EngineConfig& c) const override { return int(c.integer("rows") * c.integer("cols")); }
  int peak_macs_per_cycle(const EngineConfig& c) const override { return pe_count(c); }

  // The controller streams every tile's K columns back to back (nothing to
  // wait for: the accumulators restart with `first`), so the count runs from
  // the first tile's first column to the last tile's last: tiles x K edges.
  std::optional<uint64_t> closed_form_cycles(const EngineConfig& c, const GemmShape& s) const override {
    const Params p = Params::of(c);
    const uint64_t tiles = uint64_t((s.m + p.rows - 1) / p.rows) * uint64_t((s.n + p.cols - 1) / p.cols);
    return tiles * uint64_t(s.k);
  }

  std::optional<GemmShape> memory_tile(const EngineConfig& c) const override {
    return GemmShape{int(c.integer("rows")), 0, int(c.integer("cols"))};  // its output tile
  }

  std::vector<MatrixCase> test_matrix() const override {
    return {
        {"r2_c3_e4m3_odd", desc(2, 3, "e4m3"), {5, 7, 7}, "random", 1},
        {"r3_c2_e4m3_k1", desc(3, 2, "e4m3"), {4, 1, 5}, "random", 2},
        {"r2_c2_bf16_extremes", desc(2, 2, "bf16"), {3, 13, 5}, "extremes", 3},
        {"r4_c4_e4m3_stories", desc(4, 4, "e4m3"), {8, 64, 12}, "stories260K", 4},
        {"r3_c3_e5m2_odd", desc(3, 3, "e5m2"), {7, 11, 5}, "random", 5, true},
        {"r2_c4_e4m4_extremes", desc(2, 4, "e4m4"), {5, 9, 7}, "extremes", 6, true},
        {"r4_c4_bf16_stories", desc(4, 4, "bf16"), {16, 64, 20}, "stories260K", 7, true},
        {"r8_c8_e4m3_odd", desc(8, 8, "e4m3"), {17, 33, 19}, "random", 8, true},
    };
  }

  bool computes_integer_gemm() const override { return false; }

  ResultMatrix reference_result(const EngineConfig& cfg, const OperandMatrix& a, const OperandMatrix& b) const override {
    return lmul_gemm(*Params::of(cfg).format, a, b);
  }

  // "random": N(0, 1) values rounded to the format (a few specials mixed in);
  // "extremes": every special class of the format (zeros, subnormals, max,
  // Inf, NaN) drawn at random; "stories260K": the real values rounded to
  // the format after a power-of-two scale per matrix (as the lmul-* schemes).
  GemmOperands make_operands(const EngineConfig& cfg, const GemmShape& s, uint64_t seed,
                             const std::string& source) const override {
    const FloatFormat& f = *Params::of(cfg).format;
    GemmOperands ops;
    ops.a = OperandMatrix(s.m, s.k, 0);
    ops.b = OperandMatrix(s.k, s.n, 0);
    std::mt19937_64 rng(seed);
    if (source == "random" || source == "extremes") {
      const std::vector<uint32_t> specials = special_patterns(f);
      std::normal_distribution<double> normal(0.0, 1.0);
      auto draw = [&]() -> int32_t {
        if (source == "extremes" ? rng() % 4 != 0 : rng() % 32 == 0) return int32_t(specials[rng() % specials.size()]);
        return int32_t(encode(f, normal(rng)));
      };
      for (auto& v : ops.a.data) v = draw();
      for (auto& v : ops.b.data) v = draw();
      ops.description = fmt::format("{} {} operands, seed {}", source, f.name, seed);
      return ops;
    }
    if (source == "stories260K" || source == "stories260k") {
      Matrix<float> a, b;
      const std::string path = stories260k_float_operands(s, a, b);
      auto code = [&](const Matrix<float>& m, OperandMatrix& out) {
        double amax = 0;
        for (float v : m.data) amax = std::max(amax, double(std::fabs(v)));
        const double scale = float_operand_scale(f, amax);  // as the lmul-* schemes
        for (size_t i = 0; i < m.data.size(); ++i) out.data[i] = int32_t(encode(f, double(m.data[i]) / scale));
      };
      code(a, ops.a);
      code(b, ops.b);
      ops.description = fmt::format("stories260K token embeddings x w1^T in {} ({})", f.name, path);
      return ops;
    }
    throw std::invalid_argument(
        fmt::format("unknown operand source '{}' for the lmul family; allowed: random, stories260K, extremes", source));
  }
};

}  // namespace

const std::vector<std::string>& format_names() {
  static const std::vector<std::string> n = {"e4m3", "e5m2", "e4m4", "bf16"};
  return n;
}

const FloatFormat& operand_format(const std::string& name) {
  if (name == "e4m4") return fp8_e4m4_format();
  return float_format(name);
}

Params Params::of(const EngineConfig& cfg) {
  Params p;
  p.rows = int(cfg.integer("rows"));
  p.cols = int(cfg.integer("cols"));
  p.format = &operand_format(cfg.text("format"));
  return p;
}

ResultMatrix lmul_gemm(const FloatFormat& f, const OperandMatrix& a, const OperandMatrix& b) {
  const FloatFormat& f32 = lmul_fp32_format();
  ResultMatrix c(a.rows, b.cols, 0);
  for (int m = 0; m < a.rows; ++m)
    for (int n = 0; n < b.cols; ++n) {
      uint32_t acc = 0;  // +0
      for (int k = 0; k < a.cols; ++k) acc = fp_add_bits(f32, acc, lmul_bits(f, uint32_t(a(m, k)), uint32_t(b(k, n))));
      c(m, n) = int64_t(acc);
    }
  return c;
}

std::shared_ptr<const FamilySpec> spec() { return std::make_shared<LmulSpec>(); }

}  // namespace tpe::lmul
