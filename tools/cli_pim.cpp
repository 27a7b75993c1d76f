// tpe pim: an fp16 GEMV y = W x on HBM-PIM -- values from the near-bank
// units' model checked bit for bit against the reference, cycles of the
// PIM kernel's command stream on the sim/dram model, and the same GEMV's
// weights read by the host over the channels of the same DRAM.
#include <iostream>

#include <fmt/format.h>

#include "models/engine/engine_config.hpp"
#include "tools/pim_report.hpp"
#include "tools/cli_common.hpp"
#include "tools/command_registry.hpp"

namespace tpe::cli {
namespace {

// "NxK": output rows x inputs.
std::pair<int, int> parse_gemv_shape(const std::string& text) {
  const auto x = text.find('x');
  try {
    size_t used = 0;
    if (x == std::string::npos) throw std::invalid_argument("x");
    const long n = std::stol(text.substr(0, x), &used);
    if (used != x) throw std::invalid_argument("n");
    const long k = std::stol(text.substr(x + 1), &used);
    if (used != text.size() - x - 1) throw std::invalid_argument("k");
    if (n < 1 || k < 1 || n > 65536 || k > 65536) throw std::invalid_argument("range");
    return {int(n), int(k)};
  } catch (const std::logic_error&) {
    throw ConfigError(fmt::format("--shape '{}' is not NxK with N and K in 1..65536 (e.g. 4096x4096)", text));
  }
}

int run_pim(const std::vector<std::string>& args) {
  po::options_description opts("tpe pim options");
  opts.add_options()("config", po::value<std::string>()->default_value(pim::hbmpim_config_path("hbmpim")),
                     "HBM-PIM description (configs/pim/*.json)")(
      "shape", po::value<std::string>()->default_value("4096x4096"), "GEMV NxK: N outputs, K inputs")(
      "weights", po::value<std::string>()->default_value("random"), "operand source: random or stories260K")(
      "batch", po::value<int>()->default_value(1), "input vectors (1..64): each output tile runs once per vector")(
      "seed", po::value<uint64_t>()->default_value(1), "operand seed (stories260K: the embedding row)")(
      "json", po::bool_switch(), "print JSON");
  // sim and cosim name the operand source --weights.
  add_deprecated_option(opts, "operands", "weights", po::value<std::string>());
  po::variables_map vm;
  if (!parse_options("pim", "[--config FILE] [--shape NxK] [--batch B] [--weights random|stories260K] [--json]", opts, args, vm))
    return 0;
  const pim::HbmPimConfig cfg = pim::load_hbmpim_config(vm["config"].as<std::string>());
  const auto [n, k] = parse_gemv_shape(vm["shape"].as<std::string>());
  const int batch = vm["batch"].as<int>();
  if (batch < 1 || batch > 64) throw ConfigError(fmt::format("--batch {} is out of range; allowed 1..64", batch));
  const PimReport r =
      run_pim_gemv_report(cfg, n, k, batch, (deprecated_option_used(vm, "pim", "operands", "weights") ? vm["operands"] : vm["weights"]).as<std::string>(), vm["seed"].as<uint64_t>());
  std::cout << (vm["json"].as<bool>() ? r.json.dump(2) + "\n" : r.text);
  return r.exact ? 0 : 1;
}

}  // namespace

TPE_COMMAND("pim", "fp16 GEMV on HBM-PIM: bit-exact values, PIM kernel cycles on the DRAM model, speedup vs the host", run_pim);

}  // namespace tpe::cli
