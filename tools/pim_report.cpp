#include "tools/pim_report.hpp"

#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "models/engine/engine_config.hpp"
#include "models/pim/hbmpim_operands.hpp"
#include "sim/pim/hbmpim_gemv_sim.hpp"

namespace tpe::cli {

bool is_pim_description(const std::string& path) {
  std::ifstream in(path);
  if (!in) return false;
  const nlohmann::json j = nlohmann::json::parse(in, nullptr, false);
  return j.is_object() && j.contains("pim");
}

PimReport run_pim_gemv_report(const pim::HbmPimConfig& cfg, int n, int k, int batch, const std::string& source,
                              uint64_t seed) {
  pim::GemvOperands ops;
  try {
    ops = pim::make_gemv_operands(n, k, source, seed, batch);
  } catch (const std::invalid_argument& e) {
    throw ConfigError(fmt::format("operand source: {}", e.what()));
  }
  const pim::PimGemvRun run = pim::run_hbmpim_gemv(cfg, ops.w, ops.x);
  const std::vector<uint16_t> ref = pim::hbmpim_gemv_reference(ops.w, ops.x);
  const bool exact = run.y == ref;
  const pim::HostGemvRun host = pim::run_host_gemv_read(cfg.dram, n, k);
  const double ratio = double(run.cycles) / double(host.cycles);
  const double tck = cfg.dram.tck_ns;
  const int pchs = cfg.pseudo_channels();

  PimReport r;
  r.exact = exact;
  {
    nlohmann::json& j = r.json;
    j["pim"] = "hbmpim";
    j["config"] = cfg.file;
    j["memory"] = cfg.describe();
    j["dram_source"] = cfg.dram.source;
    j["shape"] = {{"n", n}, {"k", k}, {"batch", batch}};
    j["operands"] = ops.description;
    j["bit_exact"] = exact;
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
  }
  std::ostringstream out;
  out << fmt::format("memory       {}\n", cfg.describe());
  out << fmt::format("DRAM source  {}\n", cfg.dram.source);
  out << fmt::format("GEMV         y[{}] = W[{}x{}] x[{}], fp16, batch of {} ({} output tiles x {} input tiles)\n", n, n,
                     k, k, batch, run.output_tiles, run.input_tiles);
  out << fmt::format("operands     {}\n", ops.description);
  out << fmt::format("values       {} (near-bank units' model vs the fp16 reference, {} outputs)\n",
                     exact ? "bit-exact" : "MISMATCH", uint64_t(n) * uint64_t(batch));
  out << fmt::format("PIM          {} DRAM cycles ({:.1f} us)\n", run.cycles, double(run.cycles) * tck / 1000.0);
  out << "commands    ";
  for (int c = 0; c < dram::kCmdCount; ++c)
    out << fmt::format(" {} {}", dram::cmd_name(dram::Cmd(c)), run.commands[size_t(c)] * uint64_t(pchs));
  out << fmt::format("  (all {} pseudo-channels)\nkernel      ", pchs);
  for (const auto& [name, count] : run.steps) out << fmt::format(" {} {}", name, count * uint64_t(pchs));
  out << fmt::format("\nbank util.   {:.1f}% (MAC column commands x tCCD_L / cycles)\n", 100 * run.bank_utilization);
  out << fmt::format("host read    {} DRAM cycles ({:.1f} us) to read W's {} B once over the same channels\n",
                     host.cycles, double(host.cycles) * tck / 1000.0, host.bytes);
  out << fmt::format("speedup      {:.2f}x vs no PIM; PIM / host cycles = {:.3f} (PIMSimulator's test, batch 1, requires < 0.5: {})\n",
                     double(host.cycles) / double(run.cycles), ratio, ratio < 0.5 ? "met" : "NOT met");
  r.text = out.str();
  return r;
}

}  // namespace tpe::cli
