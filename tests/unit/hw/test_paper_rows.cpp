// compare-paper's row kinds, sizing rule, ratios and the spec that ships
// (configs/paper/comparison.json): everything but the slow measurements.
// Expected figures are worked out by hand in the comments.
#include <catch2/catch.hpp>

#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include "hw/compare/paper_rows.hpp"
#include "hw/energy/energy_transfer.hpp"
#include "models/engine/engine_config.hpp"
#include "models/engine/family_registry.hpp"
#include "models/util/atomic_file.hpp"
#include "rtlgen/core/family_rtl.hpp"
#include "rtlgen/core/generate.hpp"

using namespace tpe;

namespace {
EngineConfig bitslice(const char* pe, int rows, int cols, int lanes) {
  return parse_engine_config(
      nlohmann::json{{"family", "bitslice"}, {"pe", pe}, {"rows", rows}, {"cols", cols}, {"lanes", lanes},
                     {"a", {{"bits", 8}, {"signed", true}}}, {"b", {{"bits", 8}, {"signed", true}}}, {"acc_bits", 32}}
          .dump(),
      "test");
}
}  // namespace

TEST_CASE("paper rows: kinds parse, an unknown one is refused naming file, field, value, allowed", "[paper]") {
  CHECK(hw::row_kind(nlohmann::json::object(), "c.json", 0) == hw::RowKind::PePair);
  CHECK(hw::row_kind({{"kind", "equal_area"}}, "c.json", 1) == hw::RowKind::EqualArea);
  CHECK(hw::row_kind({{"kind", "equal_throughput"}}, "c.json", 1) == hw::RowKind::EqualThroughput);
  CHECK_THROWS_WITH(hw::row_kind({{"kind", "equal_power"}}, "c.json", 3),
                    Catch::Contains("c.json") && Catch::Contains("rows[3].kind") && Catch::Contains("equal_power") &&
                        Catch::Contains("\"pe_pair\", \"equal_throughput\", \"equal_area\""));
}

TEST_CASE("paper rows: an equal-throughput pair must have the same peak MACs per cycle", "[paper]") {
  // Laconic 1x1, 4 lanes: 4 MACs/cycle at one term pair per group; OPT3 2x2,
  // 4 lanes, 4 EN-T digits per int8 activation: 4 x 4 / 4 = 4; OPT4E 1x2
  // groups of 8 lanes: 2 x 8 / 4 = 4; OPT3 4x4: 16.
  const EngineConfig laconic = bitslice("laconic", 1, 1, 4);
  CHECK_NOTHROW(hw::check_row_sizing(hw::RowKind::EqualThroughput, laconic, bitslice("opt3", 2, 2, 4), "c.json", 5));
  CHECK_NOTHROW(hw::check_row_sizing(hw::RowKind::EqualThroughput, laconic, bitslice("opt4e", 1, 2, 8), "c.json", 5));
  CHECK_THROWS_WITH(hw::check_row_sizing(hw::RowKind::EqualThroughput, laconic, bitslice("opt3", 4, 4, 4), "c.json", 5),
                    Catch::Contains("rows[5].optimized") && Catch::Contains("4 peak MACs/cycle") &&
                        Catch::Contains("it has 16"));
  // Other kinds have no sizing rule.
  CHECK_NOTHROW(hw::check_row_sizing(hw::RowKind::EqualArea, laconic, bitslice("opt3", 4, 4, 4), "c.json", 5));
}

TEST_CASE("paper rows: ratios of each kind", "[paper]") {
  hw::EngineFigures base, opt;
  // Baseline: 2 mm2, 100 MHz, peak 16 MACs/cycle -> 3.2 GOPS -> 1.6 GOPS/mm2;
  // the layer: 800 MACs in 100 cycles = 8 MACs/cycle -> 0.8 GOPS/mm2.
  base.area_um2 = 2e6, base.fmax_mhz = 100, base.peak_macs_per_cycle = 16, base.layer_macs = 800,
  base.layer_cycles = 100, base.tops_per_w = 0.02, base.pe_count = 16, base.pe_area_um2 = 1e5;
  // Optimized: 1 mm2, 150 MHz, peak 16 -> 4.8 GOPS/mm2; layer 400 MACs in
  // 100 cycles = 4 MACs/cycle -> 1.2 GOPS/mm2.
  opt.area_um2 = 1e6, opt.fmax_mhz = 150, opt.peak_macs_per_cycle = 16, opt.layer_macs = 400,
  opt.layer_cycles = 100, opt.tops_per_w = 0.05, opt.pe_count = 4, opt.pe_area_um2 = 2e4;
  CHECK(hw::gops_per_mm2(base, false) == Approx(1.6));
  CHECK(hw::gops_per_mm2(opt, true) == Approx(1.2));
  const hw::RowRatios pair = hw::row_ratios(hw::RowKind::PePair, base, opt);
  CHECK(pair.area_eff == Approx(3.0));  // 4.8 / 1.6
  CHECK(pair.energy_eff == Approx(2.5));
  CHECK(hw::row_ratios(hw::RowKind::EqualThroughput, base, opt).area_eff == Approx(1.5));  // 1.2 / 0.8
  // Equal area: a MAC PE of 1e5 um2 at 100 MHz gives 1e-3 MAC/(cycle um2) x
  // 100 MHz; an optimized PE does 4/4 = 1 MAC/cycle in 2e4 um2 at 150 MHz:
  // (150 / 2e4) / (100 / 1e5) = 7.5.
  CHECK(hw::row_ratios(hw::RowKind::EqualArea, base, opt).area_eff == Approx(7.5));
}

TEST_CASE("paper rows: the shipped comparison names existing configs, valid kinds and equal-throughput sizes",
          "[paper]") {
  const std::string root = TPE_SOURCE_DIR;
  const std::string file = root + "/configs/paper/comparison.json";
  const nlohmann::json spec = nlohmann::json::parse(read_text_file(file));
  std::set<std::string> archs;
  size_t bitslice_rows = 0;
  for (size_t i = 0; i < spec.at("rows").size(); ++i) {
    const auto& row = spec["rows"][i];
    archs.insert(row.at("architecture").get<std::string>());
    const hw::RowKind k = hw::row_kind(row, file, i);
    const EngineConfig b = load_engine_config(root + "/" + row.at("baseline").get<std::string>());
    const EngineConfig o = load_engine_config(root + "/" + row.at("optimized").get<std::string>());
    CHECK_NOTHROW(hw::check_row_sizing(k, b, o, file, i));
    for (const char* f : {"baseline_energy", "optimized_energy"})
      if (row.contains(f)) {
        // The energy array has the same PE: the same family, PE and formats.
        const EngineConfig e = load_engine_config(root + "/" + row.at(f).get<std::string>());
        const EngineConfig& of = std::string(f) == "baseline_energy" ? b : o;
        CHECK(e.family == of.family);
        CHECK(e.pe == of.pe);
        CHECK(e.pe_count() <= of.pe_count());
      }
    if (o.family == "bitslice") ++bitslice_rows;
    CHECK(row.contains("paper_area_eff_ratio"));
    CHECK(row.contains("paper_energy_eff_ratio"));
  }
  CHECK(archs.size() == spec["rows"].size());
  CHECK(archs.count("systolic WS (TPU)") == 1);
  CHECK(bitslice_rows == 5);  // OPT3, OPT4C, OPT4E vs Laconic; OPT4C, OPT4E vs the MAC PE
}

TEST_CASE("paper rows: a small array's energy table carried over scales only the top's idle figures", "[paper]") {
  hw::EnergyTable t;
  t.config_tag = "small";
  t.key = "k";
  t.actions["top_idle_dynamic"] = {2.0, "pJ", "cycle", "fit"};
  t.actions["top_leakage"] = {0.5, "mW", "", "fit"};
  t.actions["pe_idle_dynamic"] = {3.0, "pJ", "PE-cycle", "fit"};
  t.actions["mac"] = {7.0, "pJ", "MAC", "fit"};
  // Tops of 1000 and 4000 um2: x 4.
  const hw::EnergyTable big = hw::transfer_energy_table(t, {"small", "large", 1000, 4000, 9e6});
  CHECK(big.config_tag == "large");
  CHECK(big.action("top_idle_dynamic").value == Approx(8.0));
  CHECK(big.action("top_leakage").value == Approx(2.0));
  CHECK(big.action("pe_idle_dynamic").value == Approx(3.0));
  CHECK(big.action("mac").value == Approx(7.0));
  CHECK(big.area.value == Approx(9e6));
  CHECK_THROWS_WITH(hw::transfer_energy_table(t, {"other", "large", 1000, 4000, 9e6}), Catch::Contains("'small'"));
  CHECK_THROWS_WITH(hw::transfer_energy_table(t, {"small", "large", 0, 4000, 9e6}), Catch::Contains("> 0"));
}

namespace {
// The small energy array's PE module is the paper-size array's, Verilog text
// included, and so is every other module the two share by name: the PE is the
// same hardware, which is what lets hw/energy/energy_transfer carry the small
// array's per-PE figures over. (Modules sized by the array, e.g. the systolic
// OS read-out column rdcol_r4_* vs rdcol_r16_*, differ in name: they belong to
// the top, whose figures the transfer scales.) Checked on generated Verilog,
// independently of the spec's claim (family, PE, formats).
// The first line names the engine the file was generated for.
std::string without_banner(const std::string& verilog) {
  REQUIRE(verilog.rfind("// Generated by tpe rtlgen for ", 0) == 0);
  return verilog.substr(verilog.find('\n') + 1);
}

void check_energy_arrays_share_modules(bool systolic) {
  const std::string root = TPE_SOURCE_DIR;
  const nlohmann::json spec = nlohmann::json::parse(read_text_file(root + "/configs/paper/comparison.json"));
  size_t pairs = 0;
  for (const auto& row : spec.at("rows"))
    for (const char* f : {"baseline_energy", "optimized_energy"}) {
      if (!row.contains(f)) continue;
      const char* full_field = std::string(f) == "baseline_energy" ? "baseline" : "optimized";
      const EngineConfig full = load_engine_config(root + "/" + row.at(full_field).get<std::string>());
      if ((full.family == "systolic") != systolic) continue;
      const EngineConfig small = load_engine_config(root + "/" + row.at(f).get<std::string>());
      const rtl::GeneratedRtl s = rtl::generate_rtl(small), l = rtl::generate_rtl(full);
      const std::string pe_file = family_of(small).rtl->pe_module(small) + ".v";
      INFO(small.tag() << " -> " << full.tag());
      REQUIRE(s.files.count(pe_file) == 1);
      REQUIRE(l.files.count(pe_file) == 1);
      for (const auto& [name, text] : s.files)
        if (name != s.top + ".v" && l.files.count(name)) {
          INFO(name);
          CHECK(without_banner(l.files.at(name)) == without_banner(text));
        }
      ++pairs;
    }
  // systolic OS, WS (x2 PEs, twice for the equal-area rows' MAC PE); cube,
  // adder tree, 2D-matrix (x2).
  CHECK(pairs == (systolic ? 6u : 6u));
}
}  // namespace

TEST_CASE("paper rows: each energy array's modules are the paper-size array's: cube adder tree 2D-matrix",
          "[paper]") {
  check_energy_arrays_share_modules(false);
}

// [full]: generating the four 16x16 systolic arrays takes 5-15 s on a loaded machine.
TEST_CASE("paper rows: each energy array's modules are the paper-size array's: systolic", "[paper][full]") {
  check_energy_arrays_share_modules(true);
}
