// tpe gen: write the generated Verilog of an engine and its manifest.
#include <fmt/format.h>

#include "models/engine/engine_config.hpp"
#include "models/util/atomic_file.hpp"
#include "models/util/progress.hpp"
#include "rtlgen/core/generate.hpp"
#include "sim/pin/pin_module_gen.hpp"
#include "tools/cli_common.hpp"
#include "tools/command_registry.hpp"

namespace tpe::cli {
namespace {

int run_gen(const std::vector<std::string>& args) {
  po::options_description opts("tpe gen options");
  opts.add_options()("config", po::value<std::string>()->required(), "engine description (JSON)")(
      "out", po::value<std::string>()->required(), "output directory for the .v files and manifest.json")(
      "systemc-pins", "also write <top>_pins.h: the pin-level SystemC module of the cycle model (ports as the RTL top's) "
                      "and a testbench template (docs/systemc.md)");
  po::variables_map vm;
  if (!parse_options("gen", "--config FILE --out DIR [--systemc-pins]", opts, args, vm)) return 0;
  const EngineConfig cfg = load_engine_config(vm["config"].as<std::string>());
  rtl::GeneratedRtl rtl;
  {
    Progress progress("gen " + cfg.tag(), rtl::kGenerateSteps, "steps", true);
    rtl = rtl::generate_rtl(cfg, [&](int done, const char* next) {
      progress.set_stage(next);
      progress.update(done);
    });
  }
  rtl::write_rtl(rtl, vm["out"].as<std::string>());
  size_t bytes = 0;
  for (auto& [_, text] : rtl.files) bytes += text.size();
  fmt::print("wrote {} Verilog files ({} bytes), top {}, to {}\n", rtl.files.size(), bytes, rtl.top,
             vm["out"].as<std::string>());
  if (vm.count("systemc-pins")) {
    const std::string path = vm["out"].as<std::string>() + "/" + rtl.top + "_pins.h";
    write_file_atomically(path, systemc_pin_module_header(cfg, rtl.top));
    fmt::print("wrote {}\n", path);
  }
  return 0;
}

}  // namespace
TPE_COMMAND("gen", "generate the engine's Verilog and a manifest", run_gen);
}  // namespace tpe::cli
