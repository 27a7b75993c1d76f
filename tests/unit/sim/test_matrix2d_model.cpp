// The matrix2d family: its description (messages, tag, ports), and its
// cycle model under its controller against the reference GEMM (bit for bit)
// and hand-derived cycle counts (exactly). One simulate_gemm per TEST_CASE:
// SystemC allows one elaboration per process and ctest runs each case alone.
#include <catch2/catch.hpp>

#include <string>

#include <nlohmann/json.hpp>

#include "models/engine/family_registry.hpp"
#include "models/families/matrix2d/matrix2d_spec.hpp"
#include "models/formats/operands.hpp"
#include "models/gemm/int_gemm.hpp"
#include "sim/core/engine_sim.hpp"

using namespace tpe;

namespace {

EngineConfig cfg_of(int r, int c, IntFormat a, IntFormat b, int acc, const std::string& pe = "baseline",
                    const std::string& schedule = "serial") {
  register_builtin_families();
  return matrix2d::make_config(r, c, a, b, acc, pe, schedule);
}

// The cycles written out by hand (docs/families/matrix2d.md), edge by edge
// within a tile: K feed edges; 1 edge at which the PEs add the last operands
// (idle rises after it); 1 edge while the controller's register catches up
// (the round trip is 2 edges); Rt read edges; 1 edge while the last row
// travels back; the next tile's first feed. The last tile ends at its last
// read-out, one edge earlier.
uint64_t hand_cycles(int R, int C, GemmShape s) {
  uint64_t total = 0;
  for (int m0 = 0; m0 < s.m; m0 += R)
    for (int n0 = 0; n0 < s.n; n0 += C) total += uint64_t(s.k) + 1 + 1 + uint64_t(std::min(R, s.m - m0)) + 1;
  return total - 1;
}

// The overlapped schedule edge by edge (docs/families/matrix2d.md,
// "Overlapped schedule"), the first feed at edge 0: a tile's feeds are
// edges F..L (L = F+K-1); its shadows are written at L+1 and its rows read
// at L+2 .. L+1+Rt; the next tile's shadow write (at its L'+1) must not come
// before that last read, nor its first feed before L+1. The count ends at
// the last read's edge, inclusive.
uint64_t hand_cycles_overlap(int R, int C, GemmShape s) {
  int64_t first_feed = 0, end = 0;
  for (int m0 = 0; m0 < s.m; m0 += R)
    for (int n0 = 0; n0 < s.n; n0 += C) {
      const int64_t last_feed = first_feed + s.k - 1, rows = std::min(R, s.m - m0);
      const int64_t last_read = last_feed + 1 + rows;
      end = last_read;
      // The earliest next first feed F' with F' >= L+1 and F'+K-1+1 >= last_read.
      first_feed = std::max(last_feed + 1, last_read - s.k);
    }
  return uint64_t(end + 1);
}

void check_model(const EngineConfig& cfg, GemmShape s, uint64_t seed) {
  const auto a = random_operands(s.m, s.k, cfg.a, seed);
  const auto b = random_operands(s.k, s.n, cfg.b, seed + 1);
  auto model = make_array_model(cfg);
  const auto runs = simulate_gemm(cfg, a, b, {model.get()});
  REQUIRE(runs[0].completed);
  CHECK(runs[0].c == int_gemm(a, b, cfg.a, cfg.b, cfg.acc_bits));
  const int R = int(cfg.integer("rows")), C = int(cfg.integer("cols"));
  const uint64_t hand = matrix2d::Params::of(cfg).overlap ? hand_cycles_overlap(R, C, s) : hand_cycles(R, C, s);
  CHECK(runs[0].activity.cycles == hand);
  CHECK(*closed_form_cycles(cfg, s) == hand);
  // Every PE works on every feed: tiles x K x R x C MACs, padding included.
  const uint64_t tiles = uint64_t((s.m + R - 1) / R) * uint64_t((s.n + C - 1) / C);
  CHECK(runs[0].activity.macs() == tiles * uint64_t(s.k) * uint64_t(R) * uint64_t(C));
  CHECK(runs[0].activity.counter("acc_readout") == uint64_t((s.n + C - 1) / C) * uint64_t(s.m) * uint64_t(C));
  CHECK(runs[0].activity.counter("broadcast_bits") ==
        tiles * uint64_t(s.k) * uint64_t(R * cfg.a.bits + C * cfg.b.bits));
  CHECK(runs[0].activity.counter("broadcast_toggle_bits") <= runs[0].activity.counter("broadcast_bits"));
}

std::string error_of(const std::string& json_text) {
  register_builtin_families();
  try {
    parse_engine_config(json_text, "cfg/m.json");
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("matrix2d closed form: a 4x4 array on 7x5x9 by hand", "[sim][matrix2d]") {
  // Tiles of 4 and 3 rows, 3 column tiles each: 3 x (5+1+1+4+1) + 3 x (5+1+1+3+1) - 1.
  CHECK(*closed_form_cycles(cfg_of(4, 4, {8, true}, {8, true}, 32), {7, 5, 9}) == 68);
  // 1x1, K = 1, 3 tiles of one value each: 3 x (1+1+1+1+1) - 1.
  CHECK(*closed_form_cycles(cfg_of(1, 1, {8, true}, {8, true}, 32), {3, 1, 1}) == 14);
}

TEST_CASE("matrix2d overlap closed form by hand", "[sim][matrix2d]") {
  const EngineConfig c = cfg_of(4, 4, {8, true}, {8, true}, 32, "baseline", "overlap");
  // 7x3x9: 3 tiles of Rt = 4 > K = 3 (each holds the next feed back one
  // edge: 4 edges apart), 3 of Rt = 3 (3 apart), the last one K + Rt + 1.
  CHECK(*closed_form_cycles(c, {7, 3, 9}) == 3 * 4 + 2 * 3 + (3 + 3 + 1));
  CHECK(hand_cycles_overlap(4, 4, {7, 3, 9}) == 25);
  // 8x20x8: 4 tiles of K = 20 back to back, the last ends 4 + 1 edges after its feeds.
  CHECK(*closed_form_cycles(c, {8, 20, 8}) == 3 * 20 + 20 + 4 + 1);
  // 1x1 array, K = 1, 3 tiles: 1 + 1 + (1 + 1 + 1).
  CHECK(*closed_form_cycles(cfg_of(1, 1, {8, true}, {8, true}, 32, "baseline", "overlap"), {3, 1, 1}) == 5);
  // The serial schedule's count of the same 16x16 tiles on 256^3 (the issue's
  // 70,399) against the overlapped one: 256 tiles x 256 feeds + 16 + 1.
  const EngineConfig big = cfg_of(16, 16, {8, true}, {8, true}, 32);
  const EngineConfig big_ov = cfg_of(16, 16, {8, true}, {8, true}, 32, "baseline", "overlap");
  CHECK(*closed_form_cycles(big, {256, 256, 256}) == 256 * (256 + 16 + 3) - 1);
  CHECK(*closed_form_cycles(big_ov, {256, 256, 256}) == 256 * 256 + 16 + 1);
}

TEST_CASE("matrix2d overlap model 4x4 int8, K < Rt holds the next tile back", "[sim][matrix2d]") {
  check_model(cfg_of(4, 4, {8, true}, {8, true}, 32, "baseline", "overlap"), {7, 3, 9}, 6);
}
TEST_CASE("matrix2d overlap model 3x5 u4 x i8 OPT1, K = 1, wraps", "[sim][matrix2d]") {
  check_model(cfg_of(3, 5, {4, false}, {8, true}, 9, "opt1", "overlap"), {10, 1, 11}, 7);
}
TEST_CASE("matrix2d overlap model 16x16 int8, K > R", "[sim][matrix2d]") {
  check_model(cfg_of(16, 16, {8, true}, {8, true}, 32, "baseline", "overlap"), {40, 37, 35}, 8);
}

TEST_CASE("matrix2d model 4x4 int8, odd shape", "[sim][matrix2d]") {
  check_model(cfg_of(4, 4, {8, true}, {8, true}, 32), {7, 5, 9}, 1);
}
TEST_CASE("matrix2d model 3x5 u4 x i8, narrow accumulator wraps", "[sim][matrix2d]") {
  check_model(cfg_of(3, 5, {4, false}, {8, true}, 9), {10, 33, 11}, 2);
}
TEST_CASE("matrix2d model 1x1, K=1", "[sim][matrix2d]") {
  check_model(cfg_of(1, 1, {8, true}, {8, true}, 32), {3, 1, 2}, 3);
}
TEST_CASE("matrix2d model 16x16 int8 OPT1 (same ports and timing)", "[sim][matrix2d]") {
  check_model(cfg_of(16, 16, {8, true}, {8, true}, 32, "opt1"), {40, 21, 35}, 4);
}
TEST_CASE("matrix2d model 64x64 i16 x u16, 48-bit accumulator", "[sim][matrix2d]") {
  check_model(cfg_of(64, 64, {16, true}, {16, false}, 48), {70, 9, 65}, 5);
}

TEST_CASE("matrix2d description: tag, ports and messages", "[config][matrix2d]") {
  const EngineConfig c = cfg_of(16, 8, {8, true}, {4, false}, 24);
  CHECK(c.tag() == "matrix2d_16x8_i8u4_acc24");
  CHECK(cfg_of(16, 16, {8, true}, {8, true}, 32, "opt1").tag() == "matrix2d_16x16_i8i8_acc32_opt1");
  const EngineConfig ov = cfg_of(4, 4, {8, true}, {8, true}, 32, "opt1", "overlap");
  CHECK(ov.tag() == "matrix2d_4x4_i8i8_acc32_opt1_overlap");
  const auto ov_ports = find_family("matrix2d").spec->ports(ov);
  REQUIRE(ov_ports.size() == 10);
  CHECK(ov_ports[2].name == "in_last");
  const auto ports = find_family("matrix2d").spec->ports(c);
  REQUIRE(ports.size() == 9);
  CHECK(ports[2].name == "a_vec");
  CHECK(ports[2].lanes == 16);
  CHECK(ports[3].lanes == 8);
  CHECK(ports[3].lane_bits == 4);
  CHECK(ports[5].name == "rd_row");
  CHECK(ports[5].lane_bits == 4);
  CHECK(ports[7].lanes == 8);
  CHECK(ports[7].lane_bits == 24);

  const std::string base = R"({"family":"matrix2d","cols":4,"a":{"bits":8,"signed":true},"b":{"bits":8,"signed":true},"acc_bits":32)";
  std::string e = error_of(base + R"(,"rows":65})");
  CHECK(e.find("cfg/m.json") != std::string::npos);
  CHECK(e.find("'rows'") != std::string::npos);
  CHECK(e.find("65") != std::string::npos);
  CHECK(e.find("1..64") != std::string::npos);
  e = error_of(base + "}");
  CHECK(e.find("'rows'") != std::string::npos);
  CHECK(e.find("(missing)") != std::string::npos);
  e = error_of(base + R"(,"rows":4,"pe":"opt2"})");
  CHECK(e.find("'pe'") != std::string::npos);
  CHECK(e.find("\"baseline\", \"opt1\"") != std::string::npos);
  e = error_of(base + R"(,"rows":4,"schedule":"eager"})");
  CHECK(e.find("'schedule'") != std::string::npos);
  CHECK(e.find("eager") != std::string::npos);
  CHECK(e.find("\"serial\", \"overlap\"") != std::string::npos);
  e = error_of(base + R"(,"rows":4,"dataflow":"os"})");
  CHECK(e.find("dataflow") != std::string::npos);
}
