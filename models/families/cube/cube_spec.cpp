#include "models/families/cube/cube_spec.hpp"

#include <algorithm>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "models/engine/config_fields.hpp"
#include "models/gemm/int_gemm.hpp"
#include "models/util/bits.hpp"

namespace tpe::cube {
namespace {

using config::fail;


// A description with these fields, for the test matrix.
std::string desc(int x, int y, int z, const char* a, const char* b, int acc, const char* pe = "baseline") {
  return fmt::format(R"({{"family":"cube","pe":"{}","x":{},"y":{},"z":{},"a":{},"b":{},"acc_bits":{}}})", pe, x, y,
                     z, config::format_json(a), config::format_json(b), acc);
}

class CubeSpec final : public FamilySpec {
 public:
  std::string name() const override { return "cube"; }
  std::string summary() const override {
    return "3D-Cube (Ascend-style): X x Y cells, each a Z-deep multiply-reduction chain with an output-stationary "
           "accumulator, an X x Z by Z x Y block product per cycle; baseline or OPT1 carry-save cells";
  }
  std::vector<std::string> pe_variants() const override { return {"baseline", "opt1"}; }
  std::vector<std::string> fields() const override { return {"x", "y", "z"}; }

  void parse(const nlohmann::json& j, EngineConfig& cfg, const std::string& source) const override {
    for (const char* f : {"x", "y", "z"}) cfg.params[f] = config::get_int(j, f, source, kMinDim, kMaxDim, true);
  }

  void validate(const EngineConfig& c, const std::string& source) const override {
    for (const char* f : {"x", "y", "z"}) {
      const int64_t v = c.integer(f);
      if (v < kMinDim || v > kMaxDim)
        fail(source, f, std::to_string(v), fmt::format("an integer in {}..{}", kMinDim, kMaxDim));
    }
    // The OPT1 cell keeps every Booth partial product of a product inside
    // the carry-save accumulator, as the seed paper's INT8 x INT8 design does.
    if (c.pe == "opt1" && c.acc_bits < c.a.bits + c.b.bits)
      fail(source, "acc_bits", std::to_string(c.acc_bits),
           fmt::format("at least a.bits + b.bits = {} with \"pe\":\"opt1\"", c.a.bits + c.b.bits));
  }

  void params_to_json(const EngineConfig& c, nlohmann::json& out) const override {
    for (const char* f : {"x", "y", "z"}) out[f] = c.integer(f);
  }

  std::string tag(const EngineConfig& c) const override {
    std::string t = fmt::format("cube_{}x{}x{}_{}{}_acc{}", c.integer("x"), c.integer("y"), c.integer("z"), c.a.tag(),
                                c.b.tag(), c.acc_bits);
    if (c.pe != "baseline") t += "_" + c.pe;
    return t;
  }

  // a_vec lane i*Z+k is A(m0+i, k0+k); b_vec lane k*Y+j is B(k0+k, n0+j);
  // c_vec lane j is C(m0+rd_row, n0+j).
  std::vector<PortSpec> ports(const EngineConfig& c) const override {
    const Params p = Params::of(c);
    return {{"in_valid", PortDir::In, 1, 1, false, PortRole::Strobe, ""},
            {"in_first", PortDir::In, 1, 1, false, PortRole::Data, "in_valid"},
            {"a_vec", PortDir::In, p.x * p.z, c.a.bits, c.a.is_signed, PortRole::Data, "in_valid"},
            {"b_vec", PortDir::In, p.z * p.y, c.b.bits, c.b.is_signed, PortRole::Data, "in_valid"},
            {"rd_en", PortDir::In, 1, 1, false, PortRole::Strobe, ""},
            {"rd_row", PortDir::In, 1, std::max(1, ceil_log2(p.x)), false, PortRole::Data, "rd_en"},
            {"out_valid", PortDir::Out, 1, 1, false, PortRole::OutValid, ""},
            {"c_vec", PortDir::Out, p.y, c.acc_bits, product_is_signed(c.a, c.b), PortRole::Data, "out_valid"},
            {"idle", PortDir::Out, 1, 1, false, PortRole::Status, ""}};
  }

  std::vector<CounterSpec> counters(const EngineConfig&) const override {
    return {{"mac", "MACs", "multiply-accumulates of valid feeds (X*Y*Z per feed, zero padding included)"},
            {"acc_readout", "values", "cube: accumulator values read out of the array"},
            {"in_reg_write_bits", "bits", "cube: bits written into the input registers (X*Z*a.bits + Z*Y*b.bits per feed)"}};
  }

  int pe_count(const EngineConfig& c) const override { return int(c.integer("x") * c.integer("y")); }
  int peak_macs_per_cycle(const EngineConfig& c) const override { return pe_count(c) * int(c.integer("z")); }

  // Per output tile (X x Y, row-major over N then M), from its first feed
  // at edge e: F = ceil(K/Z) feeds at e .. e+F-1; the last feed's products
  // reach the accumulators kFeedToAccEdges-1 edges later, when `idle` shows;
  // the controller sees it a round trip later, so its first read is sampled
  // at e+F-1 + (kFeedToAccEdges-1) + kRoundTrip; it reads Xt = min(X, M-m0)
  // rows on consecutive edges and the next tile's first feed follows the
  // last read. The run ends at the last tile's last read (its out_valid),
  // the edge before the next tile would start: the sum of the periods.
  std::optional<uint64_t> closed_form_cycles(const EngineConfig& c, const GemmShape& s) const override {
    const Params p = Params::of(c);
    constexpr uint64_t kRoundTrip = 2;  // the controller sees the array's outputs two edges late (sim/core/engine_loop)
    const uint64_t X = p.x, Y = p.y, Z = p.z, M = s.m, K = s.k, N = s.n;
    const uint64_t feeds = (K + Z - 1) / Z, tiles_m = (M + X - 1) / X, tiles_n = (N + Y - 1) / Y;
    const uint64_t per_tile = feeds - 1 + (kFeedToAccEdges - 1) + kRoundTrip;  // = feeds + 3, plus the tile's Xt reads
    // Sum over row tiles of Xt is M.
    return tiles_n * (tiles_m * per_tile + M);
  }

  std::optional<GemmShape> memory_tile(const EngineConfig& c) const override {
    return GemmShape{int(c.integer("x")), 0, int(c.integer("y"))};  // the X x Y output tile of its walk
  }

  std::vector<MatrixCase> test_matrix() const override {
    return {
        // Odd shapes (M, K, N not multiples of X, Z, Y), K = 1, signed and unsigned.
        {"4x4x4_int8_odd", desc(4, 4, 4, "i8", "i8", 32), {7, 13, 9}},
        {"4x4x4_int8_k1", desc(4, 4, 4, "i8", "i8", 32), {5, 1, 6}, "random", 7},
        {"2x2x2_int8_tiny", desc(2, 2, 2, "i8", "i8", 32), {3, 3, 3}},
        // Non-cubic: X != Y != Z, both orders.
        {"3x5x7_u8i8_rect", desc(3, 5, 7, "u8", "i8", 32), {10, 23, 11}},
        {"6x3x2_i4u4_rect", desc(6, 3, 2, "i4", "u4", 24), {13, 9, 8}, "random", 3},
        {"8x8x8_int4_odd", desc(8, 8, 8, "i4", "i4", 32), {19, 29, 10}, "random", 1, /*full_only=*/true},
        {"2x4x32_i16i2_deep", desc(2, 4, 32, "i16", "i2", 40), {5, 70, 7}, "random", 1, /*full_only=*/true},
        // Narrow accumulators that wrap; the formats' extremes.
        {"4x4x4_u4u4_wraps", desc(4, 4, 4, "u4", "u4", 10), {6, 40, 5}},
        {"4x2x8_i8_acc16_wraps", desc(4, 2, 8, "i8", "i8", 16), {4, 64, 4}, "random", 3},
        {"4x4x4_int8_extremes", desc(4, 4, 4, "i8", "i8", 16), {6, 37, 5}, "extremes"},
        {"3x4x5_u8u8_extremes", desc(3, 4, 5, "u8", "u8", 18), {7, 33, 9}, "extremes"},
        // LLM-shaped tiles from the real stories260K weights.
        {"8x8x8_int8_stories", desc(8, 8, 8, "i8", "i8", 32), {64, 64, 172}, "stories260K"},
        {"4x4x4_int4_stories", desc(4, 4, 4, "i4", "i4", 32), {64, 64, 172}, "stories260K"},
        // The seed paper's OPT1 cell (carry-save reduction and accumulation, CPA at the read-out).
        {"4x4x4_int8_opt1", desc(4, 4, 4, "i8", "i8", 32, "opt1"), {9, 40, 7}, "random", 5},
        {"3x5x2_u5i6_opt1_wraps", desc(3, 5, 2, "u5", "i6", 14, "opt1"), {8, 33, 11}},
        {"4x4x4_i8u8_opt1_wraps", desc(4, 4, 4, "i8", "u8", 16, "opt1"), {5, 70, 6}, "random", 9},
        {"4x4x4_opt1_extremes", desc(4, 4, 4, "i8", "i8", 16, "opt1"), {5, 33, 6}, "extremes"},
        {"4x2x8_opt1_stories", desc(4, 2, 8, "i8", "i8", 32, "opt1"), {64, 64, 172}, "stories260K"},
        // Bigger cubes: make test-full.
        {"16x16x16_int8_odd", desc(16, 16, 16, "i8", "i8", 32), {70, 45, 66}, "random", 1, true},
        {"32x8x16_int8_odd", desc(32, 8, 16, "i8", "i8", 32), {66, 70, 45}, "random", 1, true},
    };
  }
};

}  // namespace

Params Params::of(const EngineConfig& cfg) {
  Params p;
  p.x = int(cfg.integer("x"));
  p.y = int(cfg.integer("y"));
  p.z = int(cfg.integer("z"));
  p.opt1 = cfg.pe == "opt1";
  return p;
}

EngineConfig make_config(int x, int y, int z, IntFormat a, IntFormat b, int acc_bits, const std::string& pe) {
  EngineConfig c;
  c.family = "cube";
  c.pe = pe;
  c.a = a;
  c.b = b;
  c.acc_bits = acc_bits;
  c.params["x"] = int64_t(x);
  c.params["y"] = int64_t(y);
  c.params["z"] = int64_t(z);
  validate(c, "make_config");
  c.name = c.tag();
  return c;
}

std::shared_ptr<const FamilySpec> spec() { return std::make_shared<CubeSpec>(); }

}  // namespace tpe::cube
