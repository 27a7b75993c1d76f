// The text readers of the synthesis flow, on captured tool output
// (tests/data/synth/stat_mac_array_2x2.txt and sta_mac_array_2x2.log, saved
// from a real run of the 2x2 fixture) and on small hand-written Liberty text.
// No tools are run here.
#include <catch2/catch.hpp>

#include "hw/synth/liberty_info.hpp"
#include "hw/synth/sta_report_parse.hpp"
#include "hw/synth/synth_cache.hpp"
#include "hw/synth/synth_hierarchy.hpp"
#include "hw/synth/synth_scripts.hpp"
#include "hw/synth/yosys_stat_parse.hpp"

using namespace tpe::hw;

namespace {
const std::string kData = std::string(TPE_SOURCE_DIR) + "/tests/data/synth/";

// Two cells with round areas so sums are checkable by hand.
const char* kTinyLib = R"LIB(
/* delay model : typ */
library(tiny) {
  nom_voltage : 1.2; nom_temperature : 85; nom_process : 1;
  default_operating_conditions : slow;
  cell (NAND2X1) { area : 10; pin(Y) { function : "(!(A&B))"; } }
  cell (INVX1) { area : 4; }
  cell (DFFPOSX1) { area : 50; ff (DS0000,P0000) { next_state : "D"; clocked_on : "CLK"; } }
  cell (LATCH) { area : 30; latch (P,N) { enable : "CLK"; data_in : "D"; } }
}
)LIB";
}  // namespace

TEST_CASE("synth parsers: liberty facts, areas and sequential cells", "[synth]") {
  const LibertyInfo lib = parse_liberty_info(kTinyLib);
  CHECK(lib.name == "tiny");
  CHECK(lib.nom_voltage_v == Approx(1.2));
  CHECK(lib.nom_temperature_c == Approx(85));
  CHECK(lib.operating_conditions == "slow");
  CHECK(lib.delay_model_corner == "typ");
  CHECK(lib.cells.at("NAND2X1").area == Approx(10));
  CHECK(lib.cells.at("DFFPOSX1").is_ff);
  CHECK_FALSE(lib.cells.at("NAND2X1").is_ff);
  CHECK(lib.cells.at("LATCH").is_latch);
  CHECK(lib.nand2_area() == Approx(10));
  CHECK(known_library_node_nm("osu018_stdcells") == 180);
  CHECK(known_library_node_nm("osu035_stdcells") == 350);
  CHECK(known_library_node_nm("mystery") == 0);
}

TEST_CASE("synth parsers: the real OSU018 liberty header", "[synth]") {
  const std::string path = "/opt/osu018/usr/share/qflow/tech/osu018/osu018_stdcells.lib";
  LibertyInfo lib;
  try {
    lib = read_liberty_info(path);
  } catch (const std::exception&) {
    WARN("OSU018 liberty not installed (make setup); skipped");
    return;
  }
  CHECK(lib.name == "osu018_stdcells");
  CHECK(lib.nom_voltage_v == Approx(1.8));
  CHECK(lib.nom_temperature_c == Approx(25));
  CHECK(lib.operating_conditions == "typical");
  CHECK(lib.cells.size() == 32);
  CHECK(lib.nand2_cell() == "NAND2X1");
  CHECK(lib.cells.at("DFFPOSX1").is_ff);
  CHECK(lib.cells.at("DFFSR").is_ff);
  CHECK(lib.cells.at("LATCH").is_latch);
  CHECK_FALSE(lib.cells.at("FAX1").is_ff);
}

TEST_CASE("synth parsers: yosys stat text of a hierarchical design", "[synth]") {
  const YosysStat st = parse_yosys_stat(read_text_file(kData + "stat_mac_array_2x2.txt"));
  REQUIRE(st.modules.count("mac_array_2x2"));
  REQUIRE(st.modules.count("mac_i8i8_acc32"));
  const auto& top = st.modules.at("mac_array_2x2");
  const auto& pe = st.modules.at("mac_i8i8_acc32");
  CHECK(top.cells.at("mac_i8i8_acc32") == 4);
  CHECK(top.cells.at("DFFPOSX1") == 1);
  CHECK(pe.cells.at("DFFPOSX1") == 48);
  CHECK(pe.cell_count == 1053);
  CHECK(pe.chip_area == Approx(39924));
  CHECK(top.chip_area == Approx(136));
  CHECK(st.top == "mac_array_2x2");
  CHECK(st.top_chip_area == Approx(159832));

  // Hierarchy figures against the real liberty (skipped without it).
  LibertyInfo lib;
  try {
    lib = read_liberty_info("/opt/osu018/usr/share/qflow/tech/osu018/osu018_stdcells.lib");
  } catch (const std::exception&) {
    return;
  }
  std::vector<std::string> warnings;
  const auto figs = hierarchy_figures(st, lib, "mac_array_2x2", warnings);
  CHECK(warnings.empty());
  REQUIRE(figs.size() == 2);
  CHECK(figs[0].name == "mac_array_2x2");
  CHECK(figs[0].total_area_um2 == Approx(4 * 39924 + 136));
  CHECK(figs[0].total_ffs == 193);
  CHECK(figs[1].instances == 4);
}

TEST_CASE("synth parsers: OpenSTA path and power report", "[synth]") {
  const std::string log = read_text_file(kData + "sta_mac_array_2x2.log");
  const StaPath p = parse_sta_path(log);
  REQUIRE(p.found);
  CHECK(p.startpoint == "pe01/_2010_");
  CHECK(p.endpoint == "pe01/_2057_");
  CHECK(p.arrival_ns == Approx(7.2688));
  CHECK(p.setup_ns == Approx(0.2855));
  CHECK(p.slack_ns == Approx(2.4456));
  CHECK(p.worst_stage_ns == Approx(1.85));  // AND2X1 driving the multiplier's partial products
  CHECK(p.worst_stage_pin == "pe01/_1207_/Y");
  const StaPower w = parse_sta_power(log);
  REQUIRE(w.found);
  CHECK(w.total_mw == Approx(9.925317));  // 9.925317e-03 W
  CHECK(w.leakage_mw == Approx(3.605148e-4));
  CHECK(w.internal_mw + w.switching_mw + w.leakage_mw == Approx(w.total_mw).epsilon(1e-5));
  CHECK(sta_log_errors(log).empty());
  const StaPower own = parse_sta_top_cells_power(std::string(kTopCellsBegin) +
                                                 "\n 1.0e-06 2.0e-06 3.0e-09 3.003e-06 _1_\n"
                                                 " 0.000000e+00 0.000000e+00 0.000000e+00 0.000000e+00 pe00\n" +
                                                 kTopCellsEnd + "\n");
  REQUIRE(own.found);
  CHECK(own.total_mw == Approx(3.003e-3));
  CHECK(own.leakage_mw == Approx(3e-6));
  CHECK_FALSE(parse_sta_top_cells_power(log).found);
  CHECK(sta_log_errors("ok\nError: x.tcl, 3 cannot read file\n").size() == 1);
  CHECK_FALSE(parse_sta_path("No paths found.\n").found);
}

TEST_CASE("synth parsers: scripts keep the hierarchy and the cache hash separates fields", "[synth]") {
  SynthRequest r;
  r.top = "arr";
  r.clock_period_ns = 5;
  r.abc_delay_target = true;
  const std::string ys = yosys_script(r, {"/a/pe.v", "/a/arr.v"});
  CHECK(ys.find("-flatten") == std::string::npos);  // no `synth -flatten`
  CHECK(ys.find("\nflatten") == std::string::npos);   // and no `flatten` pass
  CHECK(ys.find("synth -top arr") != std::string::npos);
  CHECK(ys.find("abc -liberty") != std::string::npos);
  CHECK(ys.find("-D 5000") != std::string::npos);
  CHECK(ys.find("stat -liberty") != std::string::npos);
  const std::string tcl = sta_script(r, "arr");
  CHECK(tcl.find("link_design arr") != std::string::npos);
  CHECK(tcl.find("-period 5") != std::string::npos);
  CHECK(tcl.find("set_power_activity -input -activity 0.1") != std::string::npos);

  CHECK(ContentHash().add("ab").add("c").hex() != ContentHash().add("a").add("bc").hex());
  CHECK(ContentHash().add(0.1).hex() != ContentHash().add(0.2).hex());
  CHECK(ContentHash().add("x").hex().size() == 32);
}
