// tpe pim: DEPRECATED alias of `tpe sim` on an HBM-PIM engine description
// (the `hbmpim` family, docs/families/hbmpim.md). It adds nothing the family
// path lacks, so it only translates its options: --shape NxK --batch B ->
// --gemm BxKxN, --operands (deprecated) -> --weights, --config defaulting to one HBM2
// stack (configs/hbmpim_8ch.json).
#include <iostream>

#include <fmt/format.h>

#include "models/engine/engine_config.hpp"
#include "models/util/data_path.hpp"
#include "tools/cli_common.hpp"
#include "tools/command_registry.hpp"

namespace tpe::cli {
namespace {

int run_pim(const std::vector<std::string>& args) {
  po::options_description opts("tpe pim options (deprecated: use tpe sim --config configs/hbmpim_8ch.json)");
  opts.add_options()("config", po::value<std::string>()->default_value(data_file("configs/hbmpim_8ch.json")),
                     "HBM-PIM engine description (family hbmpim)")(
      "shape", po::value<std::string>()->default_value("4096x4096"), "GEMV NxK: N outputs, K inputs")(
      "weights", po::value<std::string>()->default_value("random"), "operand source: random, extremes or stories260K")(
      "batch", po::value<int>()->default_value(1), "input vectors (1..64): each output tile runs once per vector")(
      "seed", po::value<uint64_t>()->default_value(1), "operand seed (stories260K: the embedding row)")(
      "json", po::bool_switch(), "print JSON");
  // sim and cosim name the operand source --weights.
  add_deprecated_option(opts, "operands", "weights", po::value<std::string>());
  po::variables_map vm;
  if (!parse_options("pim", "[--config FILE] [--shape NxK] [--batch B] [--weights random|extremes|stories260K] [--json]", opts,
                     args, vm))
    return 0;
  const std::string shape = vm["shape"].as<std::string>();
  const auto x = shape.find('x');
  if (x == std::string::npos || x == 0 || x + 1 == shape.size())
    throw ConfigError(fmt::format("--shape '{}' is not NxK (e.g. 4096x4096)", shape));
  const std::string gemm = fmt::format("{}x{}x{}", vm["batch"].as<int>(), shape.substr(x + 1), shape.substr(0, x));
  std::cerr << fmt::format("tpe pim is deprecated: running tpe sim --config {} --gemm {}\n",
                           vm["config"].as<std::string>(), gemm);
  std::vector<std::string> sim_args = {"--config", vm["config"].as<std::string>(), "--gemm", gemm, "--weights",
                                       (deprecated_option_used(vm, "pim", "operands", "weights") ? vm["operands"] : vm["weights"]).as<std::string>(), "--seed",
                                       std::to_string(vm["seed"].as<uint64_t>())};
  if (vm["json"].as<bool>()) sim_args.push_back("--json");
  return command_table().at("sim").run(sim_args);
}

}  // namespace

TPE_COMMAND("pim", "deprecated alias of tpe sim on an HBM-PIM description (fp16 GEMV: DRAM cycles, commands, speedup)",
            run_pim);

}  // namespace tpe::cli
