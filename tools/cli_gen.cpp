// tpe gen: write the generated Verilog of an engine and its manifest.
#include <fmt/format.h>

#include "models/engine/engine_config.hpp"
#include "rtlgen/core/generate.hpp"
#include "tools/cli_common.hpp"
#include "tools/command_registry.hpp"

namespace tpe::cli {
namespace {

int run_gen(const std::vector<std::string>& args) {
  po::options_description opts("tpe gen options");
  opts.add_options()("config", po::value<std::string>()->required(), "engine description (JSON)")(
      "out", po::value<std::string>()->required(), "output directory for the .v files and manifest.json");
  po::variables_map vm;
  if (!parse_options("gen", "--config FILE --out DIR", opts, args, vm)) return 0;
  const EngineConfig cfg = load_engine_config(vm["config"].as<std::string>());
  const auto rtl = rtl::generate_rtl(cfg);
  rtl::write_rtl(rtl, vm["out"].as<std::string>());
  size_t bytes = 0;
  for (auto& [_, text] : rtl.files) bytes += text.size();
  fmt::print("wrote {} Verilog files ({} bytes), top {}, to {}\n", rtl.files.size(), bytes, rtl.top,
             vm["out"].as<std::string>());
  return 0;
}

}  // namespace
TPE_COMMAND("gen", "generate the engine's Verilog and a manifest", run_gen);
}  // namespace tpe::cli
