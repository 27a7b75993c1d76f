#include "tools/engine_synthesis.hpp"

#include <filesystem>

#include <fmt/format.h>

#include "hw/synth/synth_flow.hpp"
#include "hw/verilator/verilator_build.hpp"
#include "models/engine/family_registry.hpp"
#include "models/util/progress.hpp"
#include "rtlgen/core/generate.hpp"

namespace fs = std::filesystem;

namespace tpe::cli {

Efficiency efficiency(const EngineConfig& cfg, const hw::SynthReport& r) {
  const double fmax = r.has_hierarchical ? r.hierarchical_fmax_mhz : r.timing.fmax_mhz;
  const double gops = 2.0 * family_of(cfg).spec->peak_macs_per_cycle(cfg) * fmax / 1000.0;
  return {fmax, gops, gops / (r.total_area_um2 / 1e6)};
}

hw::SynthReport synthesize_config(const EngineConfig& cfg, double period, double activity, bool quiet) {
  const rtl::GeneratedRtl rtl = rtl::generate_rtl(cfg);
  // The Verilog goes where the synthesis cache is, named by its hash, so the
  // netlist and logs of a run can be found again.
  const fs::path cache = fs::path(hw::default_cache_dir()) / "synth";
  const fs::path rtl_dir = cache / fmt::format("rtl-{}-{}", rtl.top, rtl.content_hash);
  if (!fs::exists(rtl_dir / "manifest.json")) rtl::write_rtl(rtl, rtl_dir.string());
  hw::SynthRequest req;
  // Submodules first (the order of the design), so Yosys sees definitions before uses.
  for (const auto& m : rtl.design.modules) req.verilog_files.push_back((rtl_dir / (m.name + ".v")).string());
  req.top = rtl.top;
  req.clock_period_ns = period;
  req.input_activity = activity;
  req.cache_dir = cache.string();
  if (!quiet && !Progress::shown())
    fmt::print(stderr, "synth: running Yosys and OpenSTA on {} (cached in {})\n", rtl.top, cache.string());
  // Yosys and OpenSTA report no progress of their own: the line shows the
  // elapsed time while they run (a terminal only).
  Progress progress("synth " + rtl.top, 0, "", true);
  progress.set_stage("Yosys and OpenSTA");
  return hw::synthesize(req);
}

}  // namespace tpe::cli
