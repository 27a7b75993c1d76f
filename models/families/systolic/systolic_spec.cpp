#include "models/families/systolic/systolic_spec.hpp"

#include <algorithm>
#include <limits>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "models/engine/config_fields.hpp"
#include "models/gemm/int_gemm.hpp"
#include "models/util/bits.hpp"

namespace tpe::systolic {
namespace {

using config::fail;


// A description with these fields, for the test matrix.
std::string desc(const char* dataflow, int rows, int cols, const char* a, const char* b, int acc,
                 const char* pe = "baseline", const char* schedule = "serial") {
  const std::string sched = std::string(schedule) == "serial" ? "" : fmt::format(R"(,"schedule":"{}")", schedule);
  return fmt::format(R"({{"family":"systolic","dataflow":"{}","pe":"{}","rows":{},"cols":{},"a":{},"b":{},"acc_bits":{}{}}})",
                     dataflow, pe, rows, cols, config::format_json(a), config::format_json(b), acc, sched);
}

// The schedule of a description; descriptions built in code before the
// field existed have none and run the serial one.
std::string schedule_of(const EngineConfig& c) {
  return c.params.count("schedule") ? c.text("schedule") : schedules().front();
}

class SystolicSpec final : public FamilySpec {
 public:
  std::string name() const override { return "systolic"; }
  std::string summary() const override {
    return "2-D systolic array, output-stationary (`os`), weight-stationary (`ws`) or input-stationary (`is`); "
           "baseline MAC PE or OPT1 carry-save PE; `serial` or `overlap` schedule (OS shadow accumulators, WS/IS double-buffered held operands)";
  }
  std::vector<std::string> pe_variants() const override { return {"baseline", "opt1"}; }
  std::vector<std::string> fields() const override { return {"dataflow", "rows", "cols", "schedule"}; }

  void parse(const nlohmann::json& j, EngineConfig& cfg, const std::string& source) const override {
    cfg.params["dataflow"] = config::get_choice(j, "dataflow", source, dataflows(), true);
    cfg.params["rows"] = config::get_int(j, "rows", source, kMinDim, kMaxDim, true);
    cfg.params["cols"] = config::get_int(j, "cols", source, kMinDim, kMaxDim, true);
    cfg.params["schedule"] = config::get_choice(j, "schedule", source, schedules(), false);
  }

  void validate(const EngineConfig& c, const std::string& source) const override {
    const std::string df = c.text("dataflow");
    if (std::find(dataflows().begin(), dataflows().end(), df) == dataflows().end())
      fail(source, "dataflow", nlohmann::json(df).dump(), config::quoted_list(dataflows()));
    auto range = [&](const char* field) {
      const int64_t v = c.integer(field);
      if (v < kMinDim || v > kMaxDim)
        fail(source, field, std::to_string(v), fmt::format("an integer in {}..{}", kMinDim, kMaxDim));
    };
    range("rows");
    range("cols");
    const std::string sched = schedule_of(c);
    if (std::find(schedules().begin(), schedules().end(), sched) == schedules().end())
      fail(source, "schedule", nlohmann::json(sched).dump(), config::quoted_list(schedules()));
    if (sched == "overlap" && c.pe == "opt1")
      fail(source, "schedule", nlohmann::json(sched).dump(),
           "\"serial\" with \"pe\":\"opt1\" (\"overlap\" has no carry-save shadow yet)");
    // The OPT1 PE (carry-save accumulation: OS keeps its accumulator as sum
    // and carry, WS and IS pass the partial sum down as sum and carry); its
    // design point keeps a whole product in the accumulator, as the seed
    // paper's INT8 x INT8 -> INT32 does.
    if (c.pe == "opt1") {
      if (c.acc_bits < c.a.bits + c.b.bits)
        fail(source, "acc_bits", std::to_string(c.acc_bits),
             fmt::format("at least a.bits + b.bits = {} with \"pe\":\"opt1\"", c.a.bits + c.b.bits));
    }
  }

  void params_to_json(const EngineConfig& c, nlohmann::json& out) const override {
    out["dataflow"] = c.text("dataflow");
    out["rows"] = c.integer("rows");
    out["cols"] = c.integer("cols");
    // Written only when not the default: serial descriptions, their RTL
    // manifests and every cache keyed on them stay as they were.
    if (schedule_of(c) != schedules().front()) out["schedule"] = schedule_of(c);
  }

  std::string tag(const EngineConfig& c) const override {
    std::string t = fmt::format("systolic_{}_{}x{}_{}{}_acc{}", c.text("dataflow"), c.integer("rows"),
                                c.integer("cols"), c.a.tag(), c.b.tag(), c.acc_bits);
    if (c.pe != "baseline") t += "_" + c.pe;
    if (schedule_of(c) != "serial") t += "_" + schedule_of(c);  // serial keeps the tags (and caches) of before
    return t;
  }

  std::vector<PortSpec> ports(const EngineConfig& c) const override {
    const Params p = Params::of(c);
    const bool c_signed = product_is_signed(c.a, c.b);
    std::vector<PortSpec> v = {{"in_valid", PortDir::In, 1, 1, false, PortRole::Strobe, ""}};
    if (p.os()) {
      v.push_back({"in_first", PortDir::In, 1, 1, false, PortRole::Data, ""});  // driven every cycle
      if (p.overlap()) v.push_back({"in_last", PortDir::In, 1, 1, false, PortRole::Data, ""});
      v.push_back({"a_vec", PortDir::In, p.rows, c.a.bits, c.a.is_signed, PortRole::Data, "in_valid"});
      v.push_back({"b_vec", PortDir::In, p.cols, c.b.bits, c.b.is_signed, PortRole::Data, "in_valid"});
      v.push_back({"rd_en", PortDir::In, 1, 1, false, PortRole::Strobe, ""});
      v.push_back({"rd_row", PortDir::In, 1, std::max(1, ceil_log2(p.rows)), false, PortRole::Data, "rd_en"});
    } else {
      // WS: a_vec (rows of A), p_vec, w_load, w_vec (rows of B);
      // IS: b_vec (columns of B), p_vec, a_load, a_vec (rows of A^T).
      const StationaryRoles r = StationaryRoles::of(c);
      v.push_back({r.stream_port, PortDir::In, p.rows, r.stream.bits, r.stream.is_signed, PortRole::Data, "in_valid"});
      if (p.overlap()) v.push_back({"in_swap", PortDir::In, 1, 1, false, PortRole::Data, ""});  // driven every cycle
      v.push_back({"p_vec", PortDir::In, p.cols, c.acc_bits, c_signed, PortRole::Data, "in_valid"});
      v.push_back({r.load_strobe, PortDir::In, 1, 1, false, PortRole::Strobe, ""});
      v.push_back({r.load_port, PortDir::In, p.cols, r.held.bits, r.held.is_signed, PortRole::Data, r.load_strobe});
    }
    v.push_back({"out_valid", PortDir::Out, 1, 1, false, PortRole::OutValid, ""});
    v.push_back({"c_vec", PortDir::Out, p.cols, c.acc_bits, c_signed, PortRole::Data, "out_valid"});
    v.push_back({"idle", PortDir::Out, 1, 1, false, PortRole::Status, ""});
    return v;
  }

  std::vector<CounterSpec> counters(const EngineConfig&) const override {
    return {{"mac", "MACs", "multiply-accumulates with valid operands"},
            {"acc_readout", "values", "OS: accumulator values read out of the array"},
            {"skew_reg_write_bits", "bits", "bits written into the input skew and output de-skew registers"}};
  }

  int pe_count(const EngineConfig& c) const override { return int(c.integer("rows") * c.integer("cols")); }
  int peak_macs_per_cycle(const EngineConfig& c) const override { return pe_count(c); }

  std::optional<uint64_t> closed_form_cycles(const EngineConfig& c, const GemmShape& s) const override {
    const Params p = Params::of(c);
    const uint64_t R = p.rows, C = p.cols, M = s.m, K = s.k, N = s.n;
    constexpr uint64_t kRoundTrip = 2;  // the controller sees the array's outputs two edges late (sim/core/engine_loop)
    uint64_t total = 0;
    if (p.os() && p.overlap()) {
      // docs/families/systolic.md "Overlapped schedule": tile t's last
      // operand is sampled at e0 + t*P + K-1; row i of a tile is read C+1+i
      // edges after its last operand; the count ends at the last tile's last
      // row (Rt rows of a partial last row of tiles).
      const uint64_t tiles = ((M + R - 1) / R) * ((N + C - 1) / C), rows_last = M - ((M - 1) / R) * R;
      return (tiles - 1) * overlap_tile_period(p.rows, p.cols, K) + K + C + rows_last;
    }
    if (p.overlap()) {
      // docs/families/systolic.md "Overlapped schedule": R loads into the
      // shadows, then a fold every P edges (its loads run during the previous
      // fold's stream); the last fold's last vector leaves R+C edges after it
      // was sampled.
      const uint64_t held_cols = p.is() ? M : N, streamed = p.is() ? N : M;
      const uint64_t folds = ((held_cols + C - 1) / C) * ((K + R - 1) / R);
      return (folds - 1) * overlap_fold_period(p.rows, p.cols, streamed) + streamed + 2 * R + C;
    }
    if (p.os()) {
      // Per tile: K feeds; the last operand reaches PE(R-1,C-1) R+C-1 edges
      // later and `idle` rises one edge after that; the controller reacts a
      // round trip later, reads Rt rows, and starts the next tile a round trip
      // after the last row appears.
      const uint64_t tiles_n = (N + C - 1) / C;
      for (uint64_t m0 = 0; m0 < M; m0 += R) total += tiles_n * (K + R + C + std::min(R, M - m0) + kRoundTrip);
    } else {
      // Per fold: R loads, S streamed vectors, the last one leaves the output
      // register R+C edges after it was sampled, and the controller starts
      // the next fold one round trip after that edge. WS holds R x C of B and
      // streams the M rows of A; IS holds R x C of A^T and streams the N
      // columns of B.
      const uint64_t held_cols = p.is() ? M : N, streamed = p.is() ? N : M;
      const uint64_t folds = ((held_cols + C - 1) / C) * ((K + R - 1) / R);
      total = folds * (2 * R + C + streamed + kRoundTrip - 1);
    }
    return total - 1;  // the last tile ends at its last output, not at the next start
  }

  std::optional<GemmShape> memory_tile(const EngineConfig& c) const override {
    // The memory stage's tile: an OS pass computes rows x cols of C; a WS
    // pass holds cols columns of B and streams every row of A; an IS pass
    // holds rows rows of A and streams every column of B.
    const std::string df = c.text("dataflow");
    const int whole = std::numeric_limits<int>::max();
    if (df == "ws") return GemmShape{whole, 0, int(c.integer("cols"))};
    if (df == "is") return GemmShape{int(c.integer("rows")), 0, whole};
    return GemmShape{int(c.integer("rows")), 0, int(c.integer("cols"))};
  }

  std::vector<MatrixCase> test_matrix() const override {
    return {
        // OS and WS; 4x4, 8x8, 16x16, rectangular; int8 and int4; signed and unsigned.
        {"os_4x4_int8_odd", desc("os", 4, 4, "i8", "i8", 32), {7, 5, 9}},
        {"os_4x4_int8_k1", desc("os", 4, 4, "i8", "i8", 32), {5, 1, 6}, "random", 7},
        {"ws_4x4_int8_odd", desc("ws", 4, 4, "i8", "i8", 32), {9, 11, 7}},
        {"ws_4x4_int8_k1", desc("ws", 4, 4, "i8", "i8", 32), {3, 1, 5}, "random", 7},
        {"os_8x8_int4_odd", desc("os", 8, 8, "i4", "i4", 32), {19, 23, 10}},
        {"ws_8x8_int4_odd", desc("ws", 8, 8, "i4", "i4", 32), {10, 19, 23}},
        {"os_16x16_int8_odd", desc("os", 16, 16, "i8", "i8", 32), {33, 20, 17}, "random", 1, /*full_only=*/true},
        {"ws_16x16_int8_odd", desc("ws", 16, 16, "i8", "i8", 32), {17, 33, 20}, "random", 1, /*full_only=*/true},
        {"os_4x8_u8i8_rect", desc("os", 4, 8, "u8", "i8", 32), {9, 13, 17}},
        {"ws_8x4_i8u4_rect", desc("ws", 8, 4, "i8", "u4", 32), {13, 17, 9}},
        {"os_1x1_k1", desc("os", 1, 1, "i8", "i8", 32), {3, 1, 2}},
        {"ws_3x5_i16i2_rect", desc("ws", 3, 5, "i16", "i2", 40), {7, 8, 11}},
        // Unsigned operands and accumulators narrow enough to wrap; the most negative operands.
        {"os_4x4_u4u4_wraps", desc("os", 4, 4, "u4", "u4", 12), {6, 40, 5}},
        {"ws_4x4_u8u8_wraps", desc("ws", 4, 4, "u8", "u8", 16), {5, 9, 6}},
        {"os_4x4_i8_acc16_wraps", desc("os", 4, 4, "i8", "i8", 16), {4, 64, 4}, "random", 3},
        {"os_4x4_int8_extremes", desc("os", 4, 4, "i8", "i8", 16), {6, 37, 5}, "extremes"},
        {"ws_4x4_int8_extremes", desc("ws", 4, 4, "i8", "i8", 16), {6, 37, 5}, "extremes"},
        // LLM-shaped tiles from the real stories260K weights.
        // (4x4: they share the odd cases' Verilated builds; the 16x16 ones run in make test-full.)
        {"ws_4x4_int8_stories", desc("ws", 4, 4, "i8", "i8", 32), {64, 64, 172}, "stories260K"},
        {"ws_16x16_int8_stories", desc("ws", 16, 16, "i8", "i8", 32), {64, 64, 172}, "stories260K", 1, /*full_only=*/true},
        {"os_8x8_int4_stories", desc("os", 8, 8, "i4", "i4", 32), {64, 64, 172}, "stories260K"},
        // The seed paper's OPT1 PE (carry-save accumulation, CPA at the read-out).
        {"os_4x4_int8_opt1", desc("os", 4, 4, "i8", "i8", 32, "opt1"), {9, 40, 7}, "random", 5},
        {"os_3x5_u5i6_opt1_wraps", desc("os", 3, 5, "u5", "i6", 14, "opt1"), {8, 33, 11}},
        {"os_4x4_i8u8_opt1_wraps", desc("os", 4, 4, "i8", "u8", 16, "opt1"), {5, 70, 6}, "random", 9},
        {"os_4x4_opt1_extremes", desc("os", 4, 4, "i8", "i8", 16, "opt1"), {5, 33, 6}, "extremes"},
        {"os_4x4_opt1_stories", desc("os", 4, 4, "i8", "i8", 32, "opt1"), {64, 64, 172}, "stories260K"},
        // Input stationary: A^T held, columns of B streamed; odd shapes, K=1, rectangular, unsigned.
        {"is_4x4_int8_odd", desc("is", 4, 4, "i8", "i8", 32), {11, 9, 7}},
        {"is_4x4_int8_k1", desc("is", 4, 4, "i8", "i8", 32), {5, 1, 3}, "random", 7},
        {"is_8x8_int4_odd", desc("is", 8, 8, "i4", "i4", 32), {19, 10, 23}},
        {"is_16x16_int8_odd", desc("is", 16, 16, "i8", "i8", 32), {20, 33, 17}, "random", 1, /*full_only=*/true},
        {"is_8x4_u8i4_rect", desc("is", 8, 4, "u8", "i4", 32), {9, 13, 17}},
        {"is_3x5_i2u16_rect", desc("is", 3, 5, "i2", "u16", 40), {11, 8, 7}},
        {"is_1x1_k1", desc("is", 1, 1, "i8", "i8", 32), {2, 1, 3}},
        {"is_4x4_u8u8_wraps", desc("is", 4, 4, "u8", "u8", 16), {6, 9, 5}},
        {"is_4x4_int8_extremes", desc("is", 4, 4, "i8", "i8", 16), {5, 37, 6}, "extremes"},
        {"is_4x4_int8_stories", desc("is", 4, 4, "i8", "i8", 32), {64, 64, 172}, "stories260K"},
        {"is_16x16_int8_stories", desc("is", 16, 16, "i8", "i8", 32), {64, 64, 172}, "stories260K", 1, /*full_only=*/true},
        // OPT1 on the stationary arrays: carry-save partial sums, one CPA per column at the bottom.
        {"ws_4x4_int8_opt1", desc("ws", 4, 4, "i8", "i8", 32, "opt1"), {9, 11, 7}, "random", 5},
        {"is_4x4_int8_opt1", desc("is", 4, 4, "i8", "i8", 32, "opt1"), {11, 9, 7}, "random", 5},
        {"ws_3x5_u5i6_opt1_wraps", desc("ws", 3, 5, "u5", "i6", 14, "opt1"), {8, 33, 11}},
        {"is_5x3_u5i6_opt1_wraps", desc("is", 5, 3, "u5", "i6", 14, "opt1"), {8, 33, 11}},
        {"ws_4x4_i8u8_opt1_wraps", desc("ws", 4, 4, "i8", "u8", 16, "opt1"), {5, 70, 6}, "random", 9},
        {"ws_4x4_opt1_extremes", desc("ws", 4, 4, "i8", "i8", 16, "opt1"), {5, 33, 6}, "extremes"},
        {"is_4x4_opt1_extremes", desc("is", 4, 4, "i8", "i8", 16, "opt1"), {6, 33, 5}, "extremes"},
        {"ws_4x4_opt1_stories", desc("ws", 4, 4, "i8", "i8", 32, "opt1"), {64, 64, 172}, "stories260K"},
        {"is_4x4_opt1_stories", desc("is", 4, 4, "i8", "i8", 32, "opt1"), {64, 64, 172}, "stories260K"},
        // The overlapped OS schedule (shadow accumulators): partial tiles in M and N; K < C (idle
        // cycles between tiles); 1x1 with K=1 (a tile every cycle) on extreme operands, wrapping;
        // real weights.
        {"os_4x4_int8_overlap_odd", desc("os", 4, 4, "i8", "i8", 32, "baseline", "overlap"), {9, 11, 7}},
        {"os_4x8_u8i8_overlap_k3", desc("os", 4, 8, "u8", "i8", 32, "baseline", "overlap"), {9, 3, 17}, "random", 3},
        {"os_1x1_overlap_k1_extremes", desc("os", 1, 1, "i8", "i8", 12, "baseline", "overlap"), {3, 1, 4}, "extremes"},
        {"os_8x8_int4_overlap_stories", desc("os", 8, 8, "i4", "i4", 32, "baseline", "overlap"), {64, 64, 172},
         "stories260K", 1, /*full_only=*/true},
        // The overlapped WS and IS schedules (double-buffered held operands): partial folds, K=1 on
        // a 1x1 array (the fold period bound by the partial-sum round trip), rectangular, real weights.
        {"ws_4x4_int8_overlap_odd", desc("ws", 4, 4, "i8", "i8", 32, "baseline", "overlap"), {9, 11, 7}},
        {"ws_1x1_overlap_k1_extremes", desc("ws", 1, 1, "i8", "i8", 12, "baseline", "overlap"), {3, 1, 4}, "extremes"},
        {"ws_3x5_i16i2_overlap_rect", desc("ws", 3, 5, "i16", "i2", 40, "baseline", "overlap"), {7, 8, 11}, "random", 1, /*full_only=*/true},
        {"ws_8x8_int4_overlap_stories", desc("ws", 8, 8, "i4", "i4", 32, "baseline", "overlap"), {64, 64, 172},
         "stories260K", 1, /*full_only=*/true},
        {"is_4x4_int8_overlap_odd", desc("is", 4, 4, "i8", "i8", 32, "baseline", "overlap"), {11, 9, 7}},
        {"is_8x4_u8i4_overlap_rect", desc("is", 8, 4, "u8", "i4", 32, "baseline", "overlap"), {9, 13, 17}, "random", 1, /*full_only=*/true},
        {"is_1x1_overlap_k1", desc("is", 1, 1, "i8", "i8", 32, "baseline", "overlap"), {2, 1, 3}},
        // Bigger arrays: make test-full.
        {"ws_16x16_int8_overlap_odd", desc("ws", 16, 16, "i8", "i8", 32, "baseline", "overlap"), {17, 40, 33},
         "random", 1, true},
        {"is_16x16_int8_overlap_odd", desc("is", 16, 16, "i8", "i8", 32, "baseline", "overlap"), {33, 40, 17},
         "random", 1, true},
        {"os_16x16_int8_overlap_odd", desc("os", 16, 16, "i8", "i8", 32, "baseline", "overlap"), {33, 40, 17}, "random",
         1, true},
        {"os_32x32_int8_odd", desc("os", 32, 32, "i8", "i8", 32), {70, 45, 66}, "random", 1, true},
        {"ws_32x32_int8_odd", desc("ws", 32, 32, "i8", "i8", 32), {66, 70, 45}, "random", 1, true},
        {"is_32x32_int8_odd", desc("is", 32, 32, "i8", "i8", 32), {45, 70, 66}, "random", 1, true},
    };
  }
};

}  // namespace

Params Params::of(const EngineConfig& cfg) {
  Params p;
  const std::string df = cfg.text("dataflow");
  p.dataflow = df == "ws"   ? Dataflow::WeightStationary
               : df == "is" ? Dataflow::InputStationary
                            : Dataflow::OutputStationary;
  p.rows = int(cfg.integer("rows"));
  p.cols = int(cfg.integer("cols"));
  p.opt1 = cfg.pe == "opt1";
  p.schedule = schedule_of(cfg) == "overlap" ? Schedule::Overlap : Schedule::Serial;
  return p;
}

const char* dataflow_name(Dataflow d) {
  switch (d) {
    case Dataflow::WeightStationary: return "ws";
    case Dataflow::InputStationary: return "is";
    default: return "os";
  }
}

StationaryRoles StationaryRoles::of(const EngineConfig& cfg) {
  StationaryRoles r;
  if (cfg.text("dataflow") == "is") {
    r = {"b_vec", "a_load", "a_vec", "b", "a", cfg.b, cfg.a, false};
  } else {
    r = {"a_vec", "w_load", "w_vec", "a", "w", cfg.a, cfg.b, true};
  }
  return r;
}

EngineConfig make_config(Dataflow dataflow, int rows, int cols, IntFormat a, IntFormat b, int acc_bits,
                         const std::string& pe, Schedule schedule) {
  EngineConfig c;
  c.family = "systolic";
  c.pe = pe;
  c.a = a;
  c.b = b;
  c.acc_bits = acc_bits;
  c.params["dataflow"] = std::string(dataflow_name(dataflow));
  c.params["rows"] = int64_t(rows);
  c.params["cols"] = int64_t(cols);
  c.params["schedule"] = std::string(schedule == Schedule::Overlap ? "overlap" : "serial");
  validate(c, "make_config");
  c.name = c.tag();
  return c;
}

uint64_t overlap_tile_period(int rows, int cols, uint64_t k) {
  return std::max<uint64_t>({k, uint64_t(rows), uint64_t(cols)});
}

uint64_t overlap_fold_period(int rows, int cols, uint64_t streamed) {
  const uint64_t R = uint64_t(rows), C = uint64_t(cols);
  return std::max<uint64_t>({streamed, 2 * R + C - 2, R + C + 2});
}

std::shared_ptr<const FamilySpec> spec() { return std::make_shared<SystolicSpec>(); }

}  // namespace tpe::systolic
