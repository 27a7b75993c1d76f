// The synthesis flow on the real generator's output: rtlgen writes a 2x2
// output-stationary int8 array and its manifest, the flow reads the manifest,
// and the hierarchy figures must add up (PE own figures x 4 + the top's own).
#include <catch2/catch.hpp>

#include <filesystem>

#include "hw/synth/synth_flow.hpp"
#include "hw/synth/synth_manifest.hpp"
#include "models/engine/engine_config.hpp"
#include "models/families/systolic/systolic_spec.hpp"
#include "rtlgen/core/generate.hpp"

using namespace tpe;
namespace fs = std::filesystem;

TEST_CASE("synth: rtlgen 2x2 OS array through the manifest", "[synth]") {
  const EngineConfig cfg =
      systolic::make_config(systolic::Dataflow::OutputStationary, 2, 2, {8, true}, {8, true}, 32);
  const rtl::GeneratedRtl rtl = rtl::generate_rtl(cfg);
  const fs::path dir = fs::path(TPE_BINARY_DIR) / "test_synth_cache" / "rtlgen_2x2";
  fs::remove_all(dir);
  rtl::write_rtl(rtl, (dir / "rtl").string());

  hw::SynthRequest req = hw::synth_request_from_manifest((dir / "rtl").string());
  CHECK(req.top == rtl.top);
  req.cache_dir = (dir / "cache").string();
  const hw::SynthReport r = hw::synthesize(req);
  // The top, the PE (4 instances) and the read-out column (2 instances, one
  // per column: docs/architecture.md, "Control fan-out").
  REQUIRE(r.modules.size() == 3);
  const auto& top = r.modules[0];
  CHECK(top.name == rtl.top);
  const auto named = [&](const std::string& prefix) {
    for (const auto& m : r.modules)
      if (m.name.rfind(prefix, 0) == 0) return m;
    FAIL("no module named " << prefix << "*");
    return r.modules[0];
  };
  const auto pe = named("pe_os_");
  const auto col = named("rdcol_");
  CHECK(pe.instances == 4);
  CHECK(col.instances == 2);
  CHECK(r.total_area_um2 == Approx(4 * pe.own_area_um2 + 2 * col.own_area_um2 + top.own_area_um2));
  CHECK(r.yosys_total_area_um2 == Approx(r.total_area_um2));
  CHECK(r.total_ffs == 4 * pe.own_ffs + 2 * col.own_ffs + top.own_ffs);
  CHECK(pe.own_ffs >= 8 + 8 + 32);  // at least the operand and accumulator registers
  REQUIRE(r.timing.path_found);
  CHECK(r.timing.fmax_mhz > 0);
  CHECK(r.power.total_mw > 0);
  CHECK(r.has_hierarchical);

  CHECK_THROWS_WITH(hw::synth_request_from_manifest((dir / "nope").string()), Catch::Contains("no manifest"));
}
