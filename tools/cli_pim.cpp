// tpe pim: an fp16 GEMV y = W x on HBM-PIM -- values from the near-bank
// units' model checked bit for bit against the reference, cycles of the
// PIM kernel's command stream on the sim/dram model, and the same GEMV's
// weights read by the host over the channels of the same DRAM.
#include <iostream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "models/engine/engine_config.hpp"
#include "models/pim/hbmpim_operands.hpp"
#include "sim/pim/hbmpim_gemv_sim.hpp"
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
      "operands", po::value<std::string>()->default_value("random"), "random or stories260K")(
      "seed", po::value<uint64_t>()->default_value(1), "operand seed (stories260K: the embedding row)")(
      "json", po::bool_switch(), "print JSON");
  po::variables_map vm;
  if (!parse_options("pim", "[--config FILE] [--shape NxK] [--operands random|stories260K] [--json]", opts, args, vm))
    return 0;
  const pim::HbmPimConfig cfg = pim::load_hbmpim_config(vm["config"].as<std::string>());
  const auto [n, k] = parse_gemv_shape(vm["shape"].as<std::string>());
  pim::GemvOperands ops;
  try {
    ops = pim::make_gemv_operands(n, k, vm["operands"].as<std::string>(), vm["seed"].as<uint64_t>());
  } catch (const std::invalid_argument& e) {
    throw ConfigError(fmt::format("--operands: {}", e.what()));
  }
  const pim::PimGemvRun run = pim::run_hbmpim_gemv(cfg, ops.w, ops.x);
  const std::vector<uint16_t> ref = pim::hbmpim_gemv_reference(ops.w, ops.x);
  const bool exact = run.y == ref;
  const pim::HostGemvRun host = pim::run_host_gemv_read(cfg.dram, n, k);
  const double ratio = double(run.cycles) / double(host.cycles);
  const double tck = cfg.dram.tck_ns;
  const int pchs = cfg.pseudo_channels();

  if (vm["json"].as<bool>()) {
    nlohmann::json j;
    j["pim"] = "hbmpim";
    j["config"] = cfg.file;
    j["memory"] = cfg.describe();
    j["dram_source"] = cfg.dram.source;
    j["shape"] = {{"n", n}, {"k", k}};
    j["operands"] = ops.description;
    j["exact"] = exact;
    j["cycles"] = run.cycles;
    j["tck_ns"] = tck;
    j["time_ns"] = double(run.cycles) * tck;
    for (int c = 0; c < dram::kCmdCount; ++c)
      j["dram_commands"][dram::cmd_name(dram::Cmd(c))] = run.commands[size_t(c)] * uint64_t(pchs);
    for (const auto& [name, count] : run.steps) j["kernel_steps"][name] = count * uint64_t(pchs);
    j["bank_utilization"] = run.bank_utilization;
    j["output_tiles"] = run.output_tiles;
    j["input_tiles"] = run.input_tiles;
    j["host_read_cycles"] = host.cycles;
    j["host_read_bytes"] = host.bytes;
    j["speedup_vs_no_pim"] = double(host.cycles) / double(run.cycles);
    j["pim_over_host_cycles"] = ratio;
    std::cout << j.dump(2) << "\n";
    return exact ? 0 : 1;
  }
  std::cout << fmt::format("memory       {}\n", cfg.describe());
  std::cout << fmt::format("DRAM source  {}\n", cfg.dram.source);
  std::cout << fmt::format("GEMV         y[{}] = W[{}x{}] x[{}], fp16 ({} output tiles x {} input tiles)\n", n, n, k, k,
                           run.output_tiles, run.input_tiles);
  std::cout << fmt::format("operands     {}\n", ops.description);
  std::cout << fmt::format("values       {} (near-bank units' model vs the fp16 reference, {} outputs)\n",
                           exact ? "bit-exact" : "MISMATCH", n);
  std::cout << fmt::format("PIM          {} DRAM cycles ({:.1f} us)\n", run.cycles, double(run.cycles) * tck / 1000.0);
  std::cout << "commands    ";
  for (int c = 0; c < dram::kCmdCount; ++c)
    std::cout << fmt::format(" {} {}", dram::cmd_name(dram::Cmd(c)), run.commands[size_t(c)] * uint64_t(pchs));
  std::cout << fmt::format("  (all {} pseudo-channels)\nkernel      ", pchs);
  for (const auto& [name, count] : run.steps) std::cout << fmt::format(" {} {}", name, count * uint64_t(pchs));
  std::cout << fmt::format("\nbank util.   {:.1f}% (MAC column commands x tCCD_L / cycles)\n", 100 * run.bank_utilization);
  std::cout << fmt::format("host read    {} DRAM cycles ({:.1f} us) to read W's {} B over the same channels\n",
                           host.cycles, double(host.cycles) * tck / 1000.0, host.bytes);
  std::cout << fmt::format("speedup      {:.2f}x vs no PIM; PIM / host cycles = {:.3f} (PIMSimulator's test requires < 0.5: {})\n",
                           double(host.cycles) / double(run.cycles), ratio, ratio < 0.5 ? "met" : "NOT met");
  return exact ? 0 : 1;
}

}  // namespace

TPE_COMMAND("pim", "fp16 GEMV on HBM-PIM: bit-exact values, PIM kernel cycles on the DRAM model, speedup vs the host", run_pim);

}  // namespace tpe::cli
