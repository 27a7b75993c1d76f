#include "models/families/matrix2d/matrix2d_spec.hpp"

#include <algorithm>
#include <cstdlib>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "models/engine/config_fields.hpp"
#include "models/gemm/int_gemm.hpp"
#include "models/util/bits.hpp"

namespace tpe::matrix2d {
namespace {

using config::fail;


// A description with these fields, for the test matrix; formats as "i8", "u4".
std::string desc(int rows, int cols, const char* a, const char* b, int acc, const char* pe = "baseline",
                 const char* schedule = "serial") {
  const std::string sched = std::string(schedule) == "serial" ? "" : fmt::format(R"(,"schedule":"{}")", schedule);
  return fmt::format(R"({{"family":"matrix2d","pe":"{}","rows":{},"cols":{},"a":{},"b":{},"acc_bits":{}{}}})", pe, rows,
                     cols, config::format_json(a), config::format_json(b), acc, sched);
}

// The schedule of a description; descriptions built in code before the
// field existed have none and run the serial one.
std::string schedule_of(const EngineConfig& c) {
  return c.params.count("schedule") ? c.text("schedule") : schedules().front();
}

class Matrix2dSpec final : public FamilySpec {
 public:
  std::string name() const override { return "matrix2d"; }
  std::string summary() const override {
    return "2-D matrix (FlexFlow-style): a[i] broadcast along row i, b[j] along column j, every PE accumulates in "
           "the same cycle (output-stationary); baseline MAC PE or OPT1 carry-save PE; `serial` or `overlap` schedule "
           "(shadow accumulators: a tile's read-out overlaps the next tile's feed)";
  }
  std::vector<std::string> pe_variants() const override { return {"baseline", "opt1"}; }
  std::vector<std::string> fields() const override { return {"rows", "cols", "schedule"}; }

  void parse(const nlohmann::json& j, EngineConfig& cfg, const std::string& source) const override {
    cfg.params["rows"] = config::get_int(j, "rows", source, kMinDim, kMaxDim, true);
    cfg.params["cols"] = config::get_int(j, "cols", source, kMinDim, kMaxDim, true);
    cfg.params["schedule"] = config::get_choice(j, "schedule", source, schedules(), false);
  }

  void validate(const EngineConfig& c, const std::string& source) const override {
    for (const char* field : {"rows", "cols"}) {
      const int64_t v = c.integer(field);
      if (v < kMinDim || v > kMaxDim)
        fail(source, field, std::to_string(v), fmt::format("an integer in {}..{}", kMinDim, kMaxDim));
    }
    const std::string sched = schedule_of(c);
    if (std::find(schedules().begin(), schedules().end(), sched) == schedules().end())
      fail(source, "schedule", nlohmann::json(sched).dump(), config::quoted_list(schedules()));
    // OPT1's carry-save accumulator is exact modulo 2^acc_bits for every
    // width (the partial products are cut to the accumulator like the
    // baseline's product), so it needs no extra rule here.
  }

  void params_to_json(const EngineConfig& c, nlohmann::json& out) const override {
    out["rows"] = c.integer("rows");
    out["cols"] = c.integer("cols");
    // Written only when not the default: serial descriptions, their RTL
    // manifests and every cache keyed on them stay as they were.
    if (schedule_of(c) != schedules().front()) out["schedule"] = schedule_of(c);
  }

  std::string tag(const EngineConfig& c) const override {
    std::string t = fmt::format("matrix2d_{}x{}_{}{}_acc{}", c.integer("rows"), c.integer("cols"), c.a.tag(),
                                c.b.tag(), c.acc_bits);
    if (c.pe != "baseline") t += "_" + c.pe;
    if (schedule_of(c) != "serial") t += "_" + schedule_of(c);  // serial keeps the tags (and caches) of before
    return t;
  }

  // The OS systolic array's port list: the two arrays are interchangeable
  // behind one controller interface; only the timing differs.
  std::vector<PortSpec> ports(const EngineConfig& c) const override {
    const Params p = Params::of(c);
    const bool c_signed = product_is_signed(c.a, c.b);
    std::vector<PortSpec> v = {
        {"in_valid", PortDir::In, 1, 1, false, PortRole::Strobe, ""},
        {"in_first", PortDir::In, 1, 1, false, PortRole::Data, ""},  // driven every cycle
    };
    // Overlap: with in_valid, this step ends a tile (the PEs copy their new
    // accumulators into the shadows the read-out selects).
    if (p.overlap) v.push_back({"in_last", PortDir::In, 1, 1, false, PortRole::Data, ""});
    const std::vector<PortSpec> rest = {
        {"a_vec", PortDir::In, p.rows, c.a.bits, c.a.is_signed, PortRole::Data, "in_valid"},
        {"b_vec", PortDir::In, p.cols, c.b.bits, c.b.is_signed, PortRole::Data, "in_valid"},
        {"rd_en", PortDir::In, 1, 1, false, PortRole::Strobe, ""},
        {"rd_row", PortDir::In, 1, std::max(1, ceil_log2(p.rows)), false, PortRole::Data, "rd_en"},
        {"out_valid", PortDir::Out, 1, 1, false, PortRole::OutValid, ""},
        {"c_vec", PortDir::Out, p.cols, c.acc_bits, c_signed, PortRole::Data, "out_valid"},
        {"idle", PortDir::Out, 1, 1, false, PortRole::Status, ""},
    };
    v.insert(v.end(), rest.begin(), rest.end());
    return v;
  }

  std::vector<CounterSpec> counters(const EngineConfig&) const override {
    return {{"mac", "MACs", "multiply-accumulates with valid operands (every PE, padding lanes included)"},
            {"acc_readout", "values", "accumulator values read out of the array"},
            {"broadcast_bits", "bits", "operand bits loaded into the row and column broadcast registers"},
            {"broadcast_toggle_bits", "bits",
             "bits of the row and column broadcast registers that changed (each drives a whole row or column)"}};
  }

  int pe_count(const EngineConfig& c) const override { return int(c.integer("rows") * c.integer("cols")); }
  int peak_macs_per_cycle(const EngineConfig& c) const override { return pe_count(c); }

  // Per tile of Rt = min(R, M - m0) rows (docs/families/matrix2d.md derives
  // it edge by edge): K feed edges; the edge after the last feed the PEs add
  // the last operands and `idle` rises; the controller sees it a round trip
  // later, so its first read is sampled 2 edges after that; Rt read edges;
  // the controller sees the last row a round trip after its read and starts
  // the next tile 2 edges after it. From one tile's first feed to the next's:
  // K + 1 + (2 - 1) + Rt + (2 - 1) = K + 1 + Rt + kRoundTrip edges. The
  // last tile ends at its last output, one edge before a next tile's feed.
  std::optional<uint64_t> closed_form_cycles(const EngineConfig& c, const GemmShape& s) const override {
    const Params p = Params::of(c);
    const uint64_t R = p.rows, C = p.cols, M = s.m, K = s.k, N = s.n;
    constexpr uint64_t kRoundTrip = 2;  // sim/core/engine_loop: controller and array registered both ways
    const uint64_t tiles_n = (N + C - 1) / C;
    if (p.overlap) {
      // docs/families/matrix2d.md "Overlapped schedule": tiles start
      // max(K, Rt) edges apart; the last one ends Rt + 1 edges after its
      // last feed (the shadow write, then Rt reads).
      uint64_t total = 0, last_rows = 0;
      for (uint64_t m0 = 0; m0 < M; m0 += R) {
        last_rows = std::min(R, M - m0);
        total += tiles_n * overlap_tile_period(K, last_rows);
      }
      return total - overlap_tile_period(K, last_rows) + K + last_rows + 1;
    }
    uint64_t total = 0;
    for (uint64_t m0 = 0; m0 < M; m0 += R) total += tiles_n * (K + 1 + std::min(R, M - m0) + kRoundTrip);
    return total - 1;
  }

  std::optional<GemmShape> memory_tile(const EngineConfig& c) const override {
    return GemmShape{int(c.integer("rows")), 0, int(c.integer("cols"))};  // its output tile
  }

  std::vector<MatrixCase> test_matrix() const override {
    return {
        // Odd shapes (M, K, N not multiples of the array), K = 1, square and rectangular arrays.
        {"4x4_int8_odd", desc(4, 4, "i8", "i8", 32), {7, 5, 9}},
        {"4x4_int8_k1", desc(4, 4, "i8", "i8", 32), {5, 1, 6}, "random", 7},
        {"8x8_int4_odd", desc(8, 8, "i4", "i4", 32), {19, 23, 10}},
        {"16x16_int8_odd", desc(16, 16, "i8", "i8", 32), {33, 20, 17}, "random", 1, /*full_only=*/true},
        {"4x8_u8i8_rect", desc(4, 8, "u8", "i8", 32), {9, 13, 17}},
        {"5x3_i16i2_rect", desc(5, 3, "i16", "i2", 40), {11, 8, 7}},
        {"1x1_k1", desc(1, 1, "i8", "i8", 32), {3, 1, 2}},
        // Unsigned operands, accumulators narrow enough to wrap, the formats' extremes.
        {"4x4_u4u4_wraps", desc(4, 4, "u4", "u4", 12), {6, 40, 5}},
        {"4x4_i8_acc16_wraps", desc(4, 4, "i8", "i8", 16), {4, 64, 4}, "random", 3},
        {"4x4_int8_extremes", desc(4, 4, "i8", "i8", 16), {6, 37, 5}, "extremes"},
        // LLM-shaped tiles from the real stories260K weights; the paper's 16x16 (make test-full).
        {"8x8_int8_stories", desc(8, 8, "i8", "i8", 32), {64, 64, 172}, "stories260K"},
        {"16x16_int8_stories", desc(16, 16, "i8", "i8", 32), {64, 64, 172}, "stories260K", 1, /*full_only=*/true},
        // The seed paper's OPT1 PE (carry-save accumulation, CPA at the read-out).
        {"4x4_int8_opt1", desc(4, 4, "i8", "i8", 32, "opt1"), {9, 40, 7}, "random", 5},
        {"3x5_u5i6_opt1_wraps", desc(3, 5, "u5", "i6", 10, "opt1"), {8, 33, 11}},
        {"4x4_opt1_extremes", desc(4, 4, "i8", "i8", 16, "opt1"), {5, 33, 6}, "extremes"},
        {"4x4_opt1_stories", desc(4, 4, "i8", "i8", 32, "opt1"), {64, 64, 172}, "stories260K"},
        // The overlapped schedule (shadow accumulators): K < Rt stalls the next tile's feed
        // (7x3x9 on 4x4), K = 1, partial tiles in M and N; the OPT1 shadows; real weights.
        // All make test-full: make test is at its time budget (the model and its register-level
        // oracle run in make test; a Verilated build costs 43 s cold).
        {"4x4_int8_overlap_odd", desc(4, 4, "i8", "i8", 32, "baseline", "overlap"), {7, 3, 9}, "random", 1, true},
        {"4x4_int8_overlap_k1", desc(4, 4, "i8", "i8", 32, "baseline", "overlap"), {9, 1, 6}, "random", 2, true},
        {"8x8_int8_overlap_stories", desc(8, 8, "i8", "i8", 32, "baseline", "overlap"), {64, 64, 172}, "stories260K",
         1, true},
        {"4x4_opt1_overlap_odd", desc(4, 4, "i8", "i8", 32, "opt1", "overlap"), {9, 40, 7}, "random", 5, true},
        {"3x5_u5i6_opt1_overlap", desc(3, 5, "u5", "i6", 10, "opt1", "overlap"), {8, 2, 11}, "random", 1, true},
        // Bigger arrays: make test-full.
        {"32x32_int8_odd", desc(32, 32, "i8", "i8", 32), {70, 45, 66}, "random", 1, true},
        {"64x64_int8_odd", desc(64, 64, "i8", "i8", 32), {130, 33, 70}, "random", 1, true},
    };
  }
};

}  // namespace

Params Params::of(const EngineConfig& cfg) {
  Params p;
  p.rows = int(cfg.integer("rows"));
  p.cols = int(cfg.integer("cols"));
  p.opt1 = cfg.pe == "opt1";
  p.overlap = schedule_of(cfg) == "overlap";
  return p;
}

EngineConfig make_config(int rows, int cols, IntFormat a, IntFormat b, int acc_bits, const std::string& pe,
                         const std::string& schedule) {
  EngineConfig c;
  c.family = "matrix2d";
  c.pe = pe;
  c.a = a;
  c.b = b;
  c.acc_bits = acc_bits;
  c.params["rows"] = int64_t(rows);
  c.params["cols"] = int64_t(cols);
  c.params["schedule"] = schedule;
  tpe::validate(c, "make_config");  // common fields and the family's (the registry must hold the family)
  c.name = c.tag();
  return c;
}

std::shared_ptr<const FamilySpec> spec() { return std::make_shared<Matrix2dSpec>(); }

}  // namespace tpe::matrix2d
