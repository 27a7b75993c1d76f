#include "models/families/bitslice/bitslice_spec.hpp"

#include <algorithm>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "models/engine/config_fields.hpp"
#include "models/families/bitslice/bitslice_cycles.hpp"
#include "models/families/bitslice/bitslice_operands.hpp"
#include "models/families/bitslice/digit_encodings.hpp"
#include "models/gemm/int_gemm.hpp"
#include "models/util/bits.hpp"

namespace tpe::bitslice {
namespace {

using config::fail;

std::string desc(int rows, int cols, int lanes, const char* a, const char* b, int acc, const char* pe = "stripes") {
  return fmt::format(R"({{"family":"bitslice","pe":"{}","rows":{},"cols":{},"lanes":{},"a":{},"b":{},"acc_bits":{}}})",
                     pe, rows, cols, lanes, config::format_json(a), config::format_json(b), acc);
}

class BitsliceSpec final : public FamilySpec {
 public:
  std::string name() const override { return "bitslice"; }
  std::string summary() const override {
    return "bit-slice array (output-stationary, row/column broadcast of G-lane groups) whose cycles depend on the "
           "operand values: Stripes-like (activations bit-serial, one bit plane per cycle) or the seed paper's OPT3 (EN-T "
           "encoded activations, zero digits skipped, one partial product per cycle into a carry-save accumulator) or "
           "the seed paper's OPT4C (OPT3 with the array at one digit position at a time: the encoders and sparse encoders "
           "shared per row, the shift per column, no shifter in the PE) or OPT4E (OPT4C with four lanes issuing at once into one "
           "6:2 compressor and one sum/carry pair per PE group) or "
           "Laconic-like (both operands Booth-encoded, one term pair per lane and cycle)";
  }
  std::vector<std::string> pe_variants() const override { return {"stripes", "opt3", "opt4c", "opt4e", "laconic"}; }
  std::vector<std::string> fields() const override { return {"rows", "cols", "lanes"}; }

  void parse(const nlohmann::json& j, EngineConfig& cfg, const std::string& source) const override {
    cfg.params["rows"] = config::get_int(j, "rows", source, kMinDim, kMaxDim, true);
    cfg.params["cols"] = config::get_int(j, "cols", source, kMinDim, kMaxDim, true);
    cfg.params["lanes"] = config::get_int(j, "lanes", source, kMinLanes, kMaxLanes, false, 4);
  }

  void validate(const EngineConfig& c, const std::string& source) const override {
    for (const char* field : {"rows", "cols"}) {
      const int64_t v = c.integer(field);
      if (v < kMinDim || v > kMaxDim)
        fail(source, field, std::to_string(v), fmt::format("an integer in {}..{}", kMinDim, kMaxDim));
    }
    const int64_t g = c.integer("lanes");
    if (g < kMinLanes || g > kMaxLanes)
      fail(source, "lanes", std::to_string(g), fmt::format("an integer in {}..{}", kMinLanes, kMaxLanes));
    // The bit-serial operand's values index digit tables; 8 bits is the
    // widest the engines' encoders are written (and tested) for.
    if (c.a.bits > 8) fail(source, "a.bits", std::to_string(c.a.bits), "an integer in 2..8 for the bitslice family");
    // Laconic encodes the weights too.
    if (c.pe == "laconic" && c.b.bits > 8)
      fail(source, "b.bits", std::to_string(c.b.bits), "an integer in 2..8 for the bitslice family's laconic PE");
  }

  void params_to_json(const EngineConfig& c, nlohmann::json& out) const override {
    out["rows"] = c.integer("rows");
    out["cols"] = c.integer("cols");
    out["lanes"] = c.integer("lanes");
  }

  std::string tag(const EngineConfig& c) const override {
    return fmt::format("bitslice_{}_{}x{}g{}_{}{}_acc{}", c.pe, c.integer("rows"), c.integer("cols"),
                       c.integer("lanes"), c.a.tag(), c.b.tag(), c.acc_bits);
  }

  std::vector<PortSpec> ports(const EngineConfig& c) const override {
    const Params p = Params::of(c);
    const bool c_signed = product_is_signed(c.a, c.b);
    return {
        {"in_valid", PortDir::In, 1, 1, false, PortRole::Strobe, ""},
        {"in_first", PortDir::In, 1, 1, false, PortRole::Data, ""},
        {"a_vec", PortDir::In, p.rows * p.lanes, c.a.bits, c.a.is_signed, PortRole::Data, "in_valid"},
        {"b_vec", PortDir::In, p.cols * p.lanes, c.b.bits, c.b.is_signed, PortRole::Data, "in_valid"},
        {"rd_en", PortDir::In, 1, 1, false, PortRole::Strobe, ""},
        {"rd_row", PortDir::In, 1, std::max(1, ceil_log2(p.rows)), false, PortRole::Data, "rd_en"},
        {"out_valid", PortDir::Out, 1, 1, false, PortRole::OutValid, ""},
        {"c_vec", PortDir::Out, p.cols, c.acc_bits, c_signed, PortRole::Data, "out_valid"},
        {"idle", PortDir::Out, 1, 1, false, PortRole::Status, ""},
        {"ready", PortDir::Out, 1, 1, false, PortRole::Status, ""},
    };
  }

  std::vector<CounterSpec> counters(const EngineConfig&) const override {
    return {{"mac", "MACs", "multiply-accumulates of the groups started (every PE and lane, padding included)"},
            {"pe_step", "PE-cycles", "cycles a PE spent on a group's digits (every PE, every cycle of a group)"},
            {"group_load", "groups", "groups loaded into the array's group registers"},
            {"acc_readout", "values", "accumulator values read out of the array"}};
  }

  int pe_count(const EngineConfig& c) const override { return int(c.integer("rows") * c.integer("cols")); }
  // A PE finishes G MACs in a group's T cycles: the peak is G/T MACs per PE
  // and cycle with the fewest cycles a group can take (a.bits for Stripes;
  // one per EN-T digit position for OPT3), rounded down, at least 1.
  int peak_macs_per_cycle(const EngineConfig& c) const override {
    const Params p = Params::of(c);
    const int t_min = c.pe == "stripes" ? c.a.bits : c.pe == "laconic" ? 1 : digit_count(Encoding::EnT, c.a);  // opt3, opt4c, opt4e
    return std::max(1, pe_count(c) * p.lanes / t_min);
  }

  // Stripes' cycles follow from the shape: every group costs a.bits.
  std::optional<uint64_t> closed_form_cycles(const EngineConfig& c, const GemmShape& s) const override {
    if (c.pe != "stripes") return std::nullopt;
    return gemm_cycles(c, OperandMatrix(s.m, s.k, 0), OperandMatrix(s.k, s.n, 0));
  }
  std::optional<uint64_t> cycles_for_operands(const EngineConfig& c, const OperandMatrix& a,
                                              const OperandMatrix& b) const override {
    return gemm_cycles(c, a, b);
  }

  void operand_stats(const EngineConfig& c, const OperandMatrix& a, const OperandMatrix& b,
                     nlohmann::json& out) const override {
    const DigitStats s = digit_stats(c, a, b);
    out["encoding"] = s.encoding;
    out["digits_per_operand"] = s.digits_per_operand;
    out["cycles_per_operand"] = s.cycles_per_operand;
    out["digit_histogram"] = s.histogram;
    out["digits_per_operand_by_encoding"] = s.by_encoding;
  }

  GemmOperands make_operands(const EngineConfig& c, const GemmShape& s, uint64_t seed,
                             const std::string& source) const override {
    return make_bitslice_operands(c, s, seed, source);
  }

  std::optional<GemmShape> memory_tile(const EngineConfig& c) const override {
    return GemmShape{int(c.integer("rows")), 0, int(c.integer("cols"))};  // its output tile
  }

  std::vector<MatrixCase> test_matrix() const override {
    return {
        // Odd shapes on a small array (M, K, N not multiples of 3 x 2 x 4),
        // then stories260K on the same description (one Verilated build).
        {"stripes_3x2g4_i8_odd", desc(3, 2, 4, "i8", "i8", 32), {7, 13, 5}},
        {"stripes_3x2g4_i8_stories", desc(3, 2, 4, "i8", "i8", 32), {16, 64, 24}, "stories260K"},
        // K = 1 with the formats' extremes and a 12-bit accumulator that wraps.
        {"stripes_2x3g2_i8_k1_extremes", desc(2, 3, 2, "i8", "i8", 12), {5, 1, 7}, "extremes"},
        // OPT3: odd shapes, real weights, K = 1 with extremes and a wrapping
        // accumulator, and normal(0, 1) operands: mostly zeros, so groups
        // with no nonzero digit at all (one cycle per digit position).
        {"opt3_3x2g4_i8_odd", desc(3, 2, 4, "i8", "i8", 32, "opt3"), {7, 13, 5}},
        {"opt3_3x2g4_i8_stories", desc(3, 2, 4, "i8", "i8", 32, "opt3"), {16, 64, 24}, "stories260K"},
        {"opt3_3x2g4_i8_zero_groups", desc(3, 2, 4, "i8", "i8", 32, "opt3"), {9, 23, 5}, "normal:0.4"},
        {"opt3_2x3g2_i8_k1_extremes", desc(2, 3, 2, "i8", "i8", 12, "opt3"), {5, 1, 7}, "extremes"},
        {"opt3_3x3g3_u7i4_odd", desc(3, 3, 3, "u7", "i4", 20, "opt3"), {8, 29, 7}, "random", 4, true},
        // OPT4C: the same four (the array synchronizes at every digit position).
        {"opt4c_3x2g4_i8_odd", desc(3, 2, 4, "i8", "i8", 32, "opt4c"), {7, 13, 5}},
        {"opt4c_3x2g4_i8_stories", desc(3, 2, 4, "i8", "i8", 32, "opt4c"), {16, 64, 24}, "stories260K"},
        {"opt4c_3x2g4_i8_zero_groups", desc(3, 2, 4, "i8", "i8", 32, "opt4c"), {9, 23, 5}, "normal:0.4"},
        {"opt4c_2x3g2_i8_k1_extremes", desc(2, 3, 2, "i8", "i8", 12, "opt4c"), {5, 1, 7}, "extremes"},
        {"opt4c_3x3g3_u7i4_odd", desc(3, 3, 3, "u7", "i4", 20, "opt4c"), {8, 29, 7}, "random", 4, true},
        // OPT4E: four slots per PE group, their partial products into one 6:2 compressor.
        {"opt4e_3x2g8_i8_odd", desc(3, 2, 8, "i8", "i8", 32, "opt4e"), {7, 13, 5}},
        {"opt4e_3x2g8_i8_stories", desc(3, 2, 8, "i8", "i8", 32, "opt4e"), {16, 64, 24}, "stories260K"},
        {"opt4e_3x2g8_i8_dense", desc(3, 2, 8, "i8", "i8", 32, "opt4e"), {7, 29, 5}, "dense_digits"},
        {"opt4e_2x3g6_i8_k1_extremes", desc(2, 3, 6, "i8", "i8", 12, "opt4e"), {5, 1, 7}, "extremes"},
        {"opt4e_3x2g8_i8_outliers", desc(3, 2, 8, "i8", "i8", 32, "opt4e"), {9, 23, 5}, "outliers:20", 1, true},
        {"opt4e_3x3g6_u7i4_odd", desc(3, 3, 6, "u7", "i4", 20, "opt4e"), {8, 29, 7}, "random", 4, true},
        // Laconic: both operands MBE-encoded, term pairs per lane.
        {"laconic_3x2g4_i8_odd", desc(3, 2, 4, "i8", "i8", 32, "laconic"), {7, 13, 5}},
        {"laconic_3x2g4_i8_stories", desc(3, 2, 4, "i8", "i8", 32, "laconic"), {16, 64, 24}, "stories260K"},
        {"laconic_3x2g4_i8_zero_groups", desc(3, 2, 4, "i8", "i8", 32, "laconic"), {9, 23, 5}, "normal:0.4"},
        {"laconic_2x3g2_i8_k1_extremes", desc(2, 3, 2, "i8", "i8", 12, "laconic"), {5, 1, 7}, "extremes"},
        {"laconic_3x3g3_u7u5_odd", desc(3, 3, 3, "u7", "u5", 20, "laconic"), {8, 29, 7}, "random", 4, true},
        // Every lane's every digit nonzero (the longest groups the format
        // allows) and LLM-like outliers (an outlier channel and stray
        // extremes in normal(0, 20^2) operands), on the descriptions above.
        {"stripes_3x2g4_i8_dense", desc(3, 2, 4, "i8", "i8", 32), {7, 13, 5}, "dense_digits"},
        {"stripes_3x2g4_i8_outliers", desc(3, 2, 4, "i8", "i8", 32), {9, 23, 5}, "outliers:20"},
        {"opt3_3x2g4_i8_dense", desc(3, 2, 4, "i8", "i8", 32, "opt3"), {7, 13, 5}, "dense_digits"},
        {"opt3_3x2g4_i8_outliers", desc(3, 2, 4, "i8", "i8", 32, "opt3"), {9, 23, 5}, "outliers:20"},
        {"opt4c_3x2g4_i8_dense", desc(3, 2, 4, "i8", "i8", 32, "opt4c"), {7, 13, 5}, "dense_digits"},
        {"opt4c_3x2g4_i8_outliers", desc(3, 2, 4, "i8", "i8", 32, "opt4c"), {9, 23, 5}, "outliers:20"},
        {"laconic_3x2g4_i8_dense", desc(3, 2, 4, "i8", "i8", 32, "laconic"), {7, 13, 5}, "dense_digits"},
        {"laconic_3x2g4_i8_outliers", desc(3, 2, 4, "i8", "i8", 32, "laconic"), {9, 23, 5}, "outliers:20"},
        // Unsigned activations, a wider array and more lanes: make test-full.
        {"stripes_4x4g8_u6i5_odd", desc(4, 4, 8, "u6", "i5", 24), {9, 37, 11}, "random", 3, true},
    };
  }
};

}  // namespace

Params Params::of(const EngineConfig& cfg) {
  Params p;
  p.rows = int(cfg.integer("rows"));
  p.cols = int(cfg.integer("cols"));
  p.lanes = int(cfg.integer("lanes"));
  p.pe = cfg.pe;
  return p;
}

EngineConfig make_config(int rows, int cols, int lanes, IntFormat a, IntFormat b, int acc_bits, const std::string& pe) {
  EngineConfig c;
  c.family = "bitslice";
  c.pe = pe;
  c.a = a;
  c.b = b;
  c.acc_bits = acc_bits;
  c.params["rows"] = int64_t(rows);
  c.params["cols"] = int64_t(cols);
  c.params["lanes"] = int64_t(lanes);
  tpe::validate(c, "make_config");
  c.name = c.tag();
  return c;
}

std::shared_ptr<const FamilySpec> spec() { return std::make_shared<BitsliceSpec>(); }

}  // namespace tpe::bitslice
