// The synthesis flow (hw/synth/synth_flow) end to end on hand-written fixtures in
// tests/data/synth/: a registered 8x8->32 MAC (48 flip-flops by construction:
// a_q 8 + b_q 8 + acc_q 32), a 16x16->40 MAC (72), and a 2x2 array of the 8-bit
// MAC with one top-level register (4 x 48 + 1 = 193). Runs the real Yosys and
// OpenSTA; each TEST_CASE is its own process under ctest.
#include <catch2/catch.hpp>

#include <chrono>
#include <filesystem>
#include <fstream>

#include "hw/synth/synth_flow.hpp"
#include "hw/synth/synth_report_json.hpp"

using namespace tpe::hw;
namespace fs = std::filesystem;

namespace {

const std::string kData = std::string(TPE_SOURCE_DIR) + "/tests/data/synth/";

// A cache dir private to one test case, emptied first so "first run" is real.
std::string fresh_cache(const std::string& name) {
  const fs::path p = fs::path(TPE_BINARY_DIR) / "test_synth_cache" / name;
  fs::remove_all(p);
  fs::create_directories(p);
  return p.string();
}

SynthRequest pe8_request(const std::string& cache) {
  SynthRequest r;
  r.verilog_files = {kData + "mac_i8i8_acc32.v"};
  r.top = "mac_i8i8_acc32";
  r.clock_period_ns = 10.0;
  r.cache_dir = cache;
  return r;
}

SynthRequest array_request(const std::string& cache) {
  SynthRequest r;
  r.verilog_files = {kData + "mac_i8i8_acc32.v", kData + "mac_array_2x2.v"};
  r.top = "mac_array_2x2";
  r.clock_period_ns = 10.0;
  r.cache_dir = cache;
  return r;
}

}  // namespace

TEST_CASE("synth: single MAC PE has positive area, 48 flip-flops and a sane critical path", "[synth]") {
  const SynthReport r = synthesize(pe8_request(fresh_cache("pe8")));
  REQUIRE(r.total_area_um2 > 0);
  REQUIRE(r.modules.size() == 1);
  CHECK(r.modules[0].name == "mac_i8i8_acc32");
  CHECK(r.total_ffs == 48);  // 8 + 8 + 32 register bits, counted by hand from the fixture
  CHECK(r.total_latches == 0);
  CHECK(r.total_area_um2 == Approx(r.yosys_total_area_um2));
  CHECK(r.nand2_equivalents == Approx(r.total_area_um2 / r.technology.nand2_area_um2));
  CHECK(r.technology.nand2_cell == "NAND2X1");

  // Timing: a register-to-register path exists and Fmax is its inverse.
  REQUIRE(r.timing.path_found);
  CHECK(r.timing.critical_path_ns > 0);
  CHECK(r.timing.critical_path_ns == Approx(r.timing.arrival_ns + r.timing.setup_ns).margin(1e-3));
  CHECK(r.timing.fmax_mhz == Approx(1000.0 / r.timing.critical_path_ns));
  CHECK_FALSE(r.timing.startpoint.empty());
  CHECK_FALSE(r.timing.endpoint.empty());

  // Power: positive, and the parts add up.
  CHECK(r.power.total_mw > 0);
  CHECK(r.power.leakage_mw > 0);
  CHECK(r.power.dynamic_mw == Approx(r.power.internal_mw + r.power.switching_mw));
  CHECK(r.power.total_mw == Approx(r.power.dynamic_mw + r.power.leakage_mw).epsilon(1e-4));
  CHECK(r.power.energy_per_cycle_pj == Approx(r.power.total_mw * 10.0));

  // Provenance read from the liberty file.
  CHECK(r.technology.node_nm == 180);
  CHECK(r.technology.library_name == "osu018_stdcells");
  CHECK(r.technology.voltage_v == Approx(1.8));
  CHECK(r.technology.temperature_c == Approx(25));
  CHECK(r.source.find("Yosys 0.23") != std::string::npos);
  CHECK(r.source.find("OpenSTA") != std::string::npos);
  CHECK(r.source.find("OSU018") != std::string::npos);

  // Sanity band against rtlgen_anchors.md section 3.2: pe_mac (int8 x int8 ->
  // int32, sync reset + enable) measured 37,624 um^2 with the same flow and
  // library. Our fixture is the same function, so within +-30%.
  CHECK(r.total_area_um2 > 0.7 * 37624);
  CHECK(r.total_area_um2 < 1.3 * 37624);
}

TEST_CASE("synth: 2x2 array total equals per-module area x instances + top-level cells", "[synth]") {
  const SynthReport r = synthesize(array_request(fresh_cache("array")));
  const ModuleFigures* top = r.module("mac_array_2x2");
  const ModuleFigures* pe = r.module("mac_i8i8_acc32");
  REQUIRE(top);
  REQUIRE(pe);
  CHECK(top->instances == 1);
  CHECK(pe->instances == 4);
  REQUIRE(top->submodules.count("mac_i8i8_acc32"));
  CHECK(top->submodules.at("mac_i8i8_acc32") == 4);
  CHECK(top->own_area_um2 > 0);  // en_q and its reset gate live at the top

  // Independent sum from the per-module figures.
  const double expect = 4 * pe->own_area_um2 + top->own_area_um2;
  CHECK(r.total_area_um2 == Approx(expect));
  CHECK(r.yosys_total_area_um2 == Approx(expect));  // Yosys's own hierarchical line agrees

  // Flip-flops: 48 per PE (counted by hand) and en_q at the top.
  CHECK(pe->own_ffs == 48);
  CHECK(top->own_ffs == 1);
  CHECK(r.total_ffs == 4 * 48 + 1);
  CHECK(r.total_cells == 4 * pe->own_cells + top->own_cells);

  // OpenSTA links the hierarchical netlist and reports a path inside a PE.
  REQUIRE(r.timing.path_found);
  CHECK(r.timing.fmax_mhz == Approx(1000.0 / r.timing.critical_path_ns));
  CHECK(r.timing.endpoint.find('/') != std::string::npos);  // hierarchical name, e.g. pe01/_2057_/D
  CHECK(r.power.total_mw > 0);

  // Stand-alone PE timing/power and the estimate rebuilt from it.
  REQUIRE(pe->standalone);
  CHECK(pe->standalone_fmax_mhz > 0);
  REQUIRE(r.has_hierarchical);
  // The top's own cells (en_q and its reset gate) are summed from OpenSTA's
  // per-instance report; they are small next to four PEs.
  CHECK(r.top_own_total_mw > 0);
  CHECK(r.top_own_total_mw < pe->standalone_total_mw);
  CHECK(r.hierarchical_total_mw == Approx(4 * pe->standalone_total_mw + r.top_own_total_mw));
  CHECK(r.hierarchical_fmax_mhz == Approx(pe->standalone_fmax_mhz));
  // At 2x2 the broadcast is small: whole-design and rebuilt figures agree to 20%.
  CHECK(r.hierarchical_total_mw == Approx(r.power.total_mw).epsilon(0.2));
}

TEST_CASE("synth: an unbuffered broadcast across the hierarchy is flagged", "[synth]") {
  SynthRequest q = array_request(fresh_cache("broadcast"));
  q.verilog_files = {kData + "mac_i8i8_acc32.v", kData + "mac_array_4x4.v"};
  q.top = "mac_array_4x4";
  const SynthReport r = synthesize(q);
  CHECK(r.total_ffs == 16 * 48 + 1);
  CHECK(r.module("mac_i8i8_acc32")->instances == 16);
  // en_q (top level) drives 16 PEs' enables with no buffer tree: its output
  // stage dominates the path and the report says so.
  REQUIRE(r.timing.path_found);
  CHECK(r.timing.worst_stage_ns > 5.0);
  CHECK(r.timing.worst_stage_pin.find('/') != std::string::npos);
  bool flagged = false;
  for (const auto& w : r.warnings) flagged |= w.find("high-fanout") != std::string::npos;
  CHECK(flagged);
  // The estimate rebuilt from the stand-alone PE does not carry the unbuffered net.
  REQUIRE(r.has_hierarchical);
  CHECK(r.hierarchical_fmax_mhz > 1.5 * r.timing.fmax_mhz);
  CHECK(r.hierarchical_total_mw < r.power.total_mw);
}

TEST_CASE("synth: wider operands give more area and more flip-flops", "[synth]") {
  const std::string cache = fresh_cache("width");
  const SynthReport r8 = synthesize(pe8_request(cache));
  SynthRequest q = pe8_request(cache);
  q.verilog_files = {kData + "mac_i16i16_acc40.v"};
  q.top = "mac_i16i16_acc40";
  const SynthReport r16 = synthesize(q);
  CHECK(r16.total_area_um2 > 1.5 * r8.total_area_um2);  // the multiplier grows ~4x
  CHECK(r16.total_ffs == 72);                           // 16 + 16 + 40
}

TEST_CASE("synth: a cache hit returns the identical report without re-running the tools", "[synth]") {
  const std::string cache = fresh_cache("hit");
  const auto t0 = std::chrono::steady_clock::now();
  const SynthReport first = synthesize(array_request(cache));
  const auto t1 = std::chrono::steady_clock::now();
  const SynthReport second = synthesize(array_request(cache));
  const auto t2 = std::chrono::steady_clock::now();
  CHECK_FALSE(first.from_cache);
  CHECK(second.from_cache);
  CHECK(second.cache_key == first.cache_key);
  CHECK(second.run_dir == first.run_dir);
  // Identical figures: the JSON matches except the from_cache flag.
  auto a = to_json(first), b = to_json(second);
  a["run"].erase("from_cache");
  b["run"].erase("from_cache");
  CHECK(a == b);
  // The hit costs two `--version` calls at most (memoized), not a synthesis.
  const double run_s = std::chrono::duration<double>(t1 - t0).count();
  const double hit_s = std::chrono::duration<double>(t2 - t1).count();
  CHECK(hit_s < run_s / 5);
  // Only complete entries are in the cache: no staging dirs left behind.
  for (const auto& e : fs::directory_iterator(cache)) CHECK(e.path().filename().string().rfind(".tmp-", 0) != 0);
  CHECK(fs::is_regular_file(fs::path(first.run_dir) / "netlist.v"));
  CHECK(fs::is_regular_file(fs::path(first.run_dir) / "report.json"));

  // A different setting is a different entry.
  SynthRequest other = array_request(cache);
  other.input_activity = 0.2;
  CHECK(synth_cache_key(other) != first.cache_key);
}

TEST_CASE("synth: power grows with input activity", "[synth]") {
  const std::string cache = fresh_cache("activity");
  SynthRequest lo = pe8_request(cache);
  lo.input_activity = 0.05;
  SynthRequest hi = pe8_request(cache);
  hi.input_activity = 0.4;
  const SynthReport a = synthesize(lo), b = synthesize(hi);
  CHECK(b.power.switching_mw > a.power.switching_mw);
  CHECK(b.power.leakage_mw == Approx(a.power.leakage_mw));
  CHECK(b.total_area_um2 == Approx(a.total_area_um2));
  // A per-port override changes power too (en held almost constant).
  SynthRequest quiet = pe8_request(cache);
  quiet.net_activities = {{"en", 0.0}};
  CHECK(synthesize(quiet).power.total_mw != Approx(synthesize(pe8_request(cache)).power.total_mw));
}

TEST_CASE("synth: missing liberty or tool gives the make setup hint", "[synth]") {
  SynthRequest r = pe8_request(fresh_cache("missing"));
  r.liberty_path = "/nonexistent/osu018_stdcells.lib";
  try {
    synthesize(r);
    FAIL("expected SynthError");
  } catch (const SynthError& e) {
    const std::string msg = e.what();
    CHECK(msg.find("liberty file not found") != std::string::npos);
    CHECK(msg.find("make setup") != std::string::npos);
  }
  SynthRequest t = pe8_request(fresh_cache("missing"));
  t.yosys = "tpe-no-such-yosys";
  try {
    synthesize(t);
    FAIL("expected SynthError");
  } catch (const SynthError& e) {
    const std::string msg = e.what();
    CHECK(msg.find("yosys not found") != std::string::npos);
    CHECK(msg.find("make setup") != std::string::npos);
  }
}

TEST_CASE("synth: a Verilog syntax error reports the tail of the Yosys log", "[synth]") {
  const std::string cache = fresh_cache("syntax");
  SynthRequest r;
  r.verilog_files = {kData + "syntax_error.v"};
  r.top = "syntax_error";
  r.cache_dir = cache;
  try {
    synthesize(r);
    FAIL("expected SynthError");
  } catch (const SynthError& e) {
    const std::string msg = e.what();
    CHECK(msg.find("Last lines of the Yosys log") != std::string::npos);
    CHECK(msg.find("syntax_error.v:4: ERROR: syntax error") != std::string::npos);
  }
  // Nothing half-done in the cache: only the parked failure.
  for (const auto& e : fs::directory_iterator(cache)) CHECK(e.path().filename().string().rfind(".failed-", 0) == 0);
}

TEST_CASE("synth: an OpenSTA killed mid-run is reported with its signal and the kept log", "[synth]") {
  // A stand-in for sta that prints part of a report and dies the way an
  // out-of-memory kill does (its version query answers normally).
  const std::string cache = fresh_cache("sta_killed");
  const std::string fake = cache + "/fake_sta.sh";
  {
    std::ofstream f(fake);
    f << "#!/bin/sh\n[ \"$1\" = -version ] && { echo 2.0.17; exit 0; }\necho 'Startpoint: partial report'\n"
         "kill -9 $$\n";
  }
  fs::permissions(fake, fs::perms::owner_all);
  SynthRequest r = pe8_request(cache);
  r.sta = fake;
  try {
    synthesize(r);
    FAIL("expected SynthError");
  } catch (const SynthError& e) {
    const std::string msg = e.what();
    CHECK(msg.find("killed by signal 9") != std::string::npos);
    CHECK(msg.find("partial report") != std::string::npos);
    // The log the message names exists: the failed run is kept, not deleted.
    const size_t at = msg.find(cache + "/.failed-");
    REQUIRE(at != std::string::npos);
    const std::string log = msg.substr(at, msg.find(')', at) - at);
    CHECK(fs::exists(log));
  }
}

TEST_CASE("synth: bad requests are rejected with the field named", "[synth]") {
  SynthRequest r = pe8_request("");
  r.clock_period_ns = 0;
  CHECK_THROWS_WITH(synthesize(r), Catch::Contains("clock_period_ns"));
  r = pe8_request("");
  r.verilog_files = {kData + "nope.v"};
  CHECK_THROWS_WITH(synthesize(r), Catch::Contains("nope.v"));
  r = pe8_request("");
  r.net_activities = {{"pe00/a_in", 0.2}};
  CHECK_THROWS_WITH(synthesize(r), Catch::Contains("top-level input port"));
}
