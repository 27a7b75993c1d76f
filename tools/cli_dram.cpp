// tpe dram: runs a request stream (a trace file, or synthetic sequential or
// random accesses) through the cycle-level DRAM model and reports commands by
// type, bandwidth against the preset's peak and the row-hit rate.
#include <fstream>
#include <iostream>
#include <memory>
#include <random>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "models/engine/engine_config.hpp"
#include "models/util/output_file.hpp"
#include "sim/dram/dram_controller.hpp"
#include "sim/dram/dram_spec.hpp"
#include "tools/cli_common.hpp"
#include "tools/command_registry.hpp"

namespace tpe::cli {
namespace {

using dram::DramRequest;

struct TimedRequest {
  uint64_t at;
  DramRequest req;
};

// Trace lines: "<cycle> <R|W> <address>" (address decimal or 0x hex); '#' starts a comment.
std::vector<TimedRequest> read_trace(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw ConfigError(fmt::format("{}: cannot open trace file", path));
  std::vector<TimedRequest> out;
  std::string line;
  for (int no = 1; std::getline(in, line); ++no) {
    line = line.substr(0, line.find('#'));
    std::istringstream ls(line);
    std::string cycle, kind, addr;
    if (!(ls >> cycle)) continue;
    std::string extra;
    if (!(ls >> kind >> addr) || (ls >> extra) || (kind != "R" && kind != "W"))
      throw ConfigError(fmt::format("{}:{}: '{}' is not '<cycle> <R|W> <address>'", path, no, line));
    try {
      size_t used = 0;
      const uint64_t c = std::stoull(cycle, &used, 10);
      if (used != cycle.size()) throw std::invalid_argument("cycle");
      const uint64_t a = std::stoull(addr, &used, 0);
      if (used != addr.size()) throw std::invalid_argument("addr");
      if (!out.empty() && c < out.back().at)
        throw ConfigError(fmt::format("{}:{}: cycle {} is before the previous line's {}; allowed: non-decreasing cycles",
                                      path, no, c, out.back().at));
      out.push_back(TimedRequest{c, DramRequest{a, kind == "W", out.size()}});
    } catch (const std::logic_error&) {
      throw ConfigError(fmt::format("{}:{}: '{}' is not '<cycle> <R|W> <address>' with integer cycle and address", path,
                                    no, line));
    }
  }
  if (out.empty()) throw ConfigError(fmt::format("{}: no requests in trace", path));
  return out;
}

std::vector<TimedRequest> synthetic(const dram::DramSpec& s, const std::string& pattern, uint64_t n,
                                    double write_fraction, uint64_t seed) {
  std::vector<TimedRequest> out;
  out.reserve(n);
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> u01(0.0, 1.0);
  const uint64_t accesses = s.org.capacity_bytes() / uint64_t(s.org.access_bytes);
  for (uint64_t i = 0; i < n; ++i) {
    const uint64_t slot = pattern == "seq" ? i % accesses : rng() % accesses;
    out.push_back(TimedRequest{0, DramRequest{slot * uint64_t(s.org.access_bytes), u01(rng) < write_fraction, i}});
  }
  return out;
}

int run_dram(const std::vector<std::string>& args) {
  po::options_description opts("tpe dram options");
  opts.add_options()("preset", po::value<std::string>()->default_value("hbm2"),
                     "DRAM preset name (configs/dram/NAME.json) or a preset .json path")(
      "channels", po::value<int>(), "override the preset's channel count (1..1024)")(
      "request-trace", po::value<std::string>(), "request trace: lines '<cycle> <R|W> <address>'")(
      "pattern", po::value<std::string>()->default_value("seq"), "synthetic stream: seq or random")(
      "requests", po::value<uint64_t>()->default_value(100000), "synthetic stream length (1..100000000)")(
      "write-fraction", po::value<double>()->default_value(0.0), "synthetic stream: share of writes (0..1)")(
      "seed", po::value<uint64_t>()->default_value(1), "synthetic random seed")(
      "queue", po::value<int>()->default_value(32), "request queue depth per unit (1..1024)")(
      "log", po::value<std::string>(), "write the issued command log to this file (- for standard output)")(
      "json", po::bool_switch(), "print JSON instead of a table");
  // --trace is an output (a text trace) in tpe sim: this input is renamed.
  add_deprecated_option(opts, "trace", "request-trace", po::value<std::string>());
  po::variables_map vm;
  if (!parse_options("dram", "[--preset hbm2] [--request-trace FILE | --pattern seq|random --requests N] [--json]",
                     opts, args, vm))
    return 0;
  dram::DramSpec spec = dram::load_dram_spec(vm["preset"].as<std::string>());
  if (vm.count("channels")) {
    const int c = vm["channels"].as<int>();
    if (c < 1 || c > 1024) throw ConfigError(fmt::format("--channels {} is out of range; allowed 1..1024", c));
    spec.org.channels = c;
  }
  const std::string pattern = vm["pattern"].as<std::string>();
  if (pattern != "seq" && pattern != "random")
    throw ConfigError(fmt::format("--pattern '{}' is not allowed; allowed: seq, random", pattern));
  const uint64_t n = vm["requests"].as<uint64_t>();
  if (n < 1 || n > 100000000) throw ConfigError(fmt::format("--requests {} is out of range; allowed 1..100000000", n));
  const double wf = vm["write-fraction"].as<double>();
  if (!(wf >= 0.0 && wf <= 1.0)) throw ConfigError(fmt::format("--write-fraction {} is out of range; allowed 0..1", wf));
  const int depth = vm["queue"].as<int>();
  if (depth < 1 || depth > 1024) throw ConfigError(fmt::format("--queue {} is out of range; allowed 1..1024", depth));
  std::string request_trace = vm.count("request-trace") ? vm["request-trace"].as<std::string>() : "";
  if (deprecated_option_used(vm, "dram", "trace", "request-trace")) request_trace = vm["trace"].as<std::string>();
  const bool from_trace = !request_trace.empty();
  const auto reqs = from_trace ? read_trace(request_trace)
                               : synthetic(spec, pattern, n, wf, vm["seed"].as<uint64_t>());
  std::unique_ptr<OutputFile> log_out;
  if (vm.count("log")) log_out = std::make_unique<OutputFile>(vm["log"].as<std::string>(), "--log", true);

  dram::DramController ctl(spec, depth, vm.count("log") > 0);
  size_t next = 0;
  while (next < reqs.size() || !ctl.idle()) {
    while (next < reqs.size() && reqs[next].at <= ctl.now() && ctl.enqueue(reqs[next].req)) ++next;
    ctl.tick();
  }
  const uint64_t cycles = ctl.now();
  const auto& st = ctl.stats();
  const double ns = double(cycles) * spec.tck_ns;
  const double gbps = double(st.bytes) / ns;  // bytes per ns = GB/s
  const double peak = spec.peak_gbps();
  const std::string workload =
      from_trace ? "trace " + request_trace
                 : fmt::format("{} {} x {} B ({:.0f}% writes)", pattern == "seq" ? "sequential" : "random", n,
                               spec.org.access_bytes, wf * 100);
  if (log_out) {
    for (const auto& c : ctl.log()) log_out->stream() << dram::to_string(c) << "\n";
    log_out->commit();
  }

  if (vm["json"].as<bool>()) {
    nlohmann::json j;
    j["preset"] = spec.name;
    j["source"] = spec.source;
    j["channels"] = spec.org.channels;
    j["pseudo_channels"] = spec.org.pseudo_channels;
    j["workload"] = workload;
    j["cycles"] = cycles;
    j["tck_ns"] = spec.tck_ns;
    j["time_ns"] = ns;
    j["reads"] = st.reads;
    j["writes"] = st.writes;
    j["bytes"] = st.bytes;
    j["bandwidth_gbps"] = gbps;
    j["peak_gbps"] = peak;
    j["bandwidth_fraction"] = gbps / peak;
    j["row_hit_rate"] = st.row_hit_rate();
    for (int c = 0; c < dram::kCmdCount; ++c) j["dram_commands"][dram::cmd_name(dram::Cmd(c))] = st.commands[size_t(c)];
    std::cout << j.dump(2) << "\n";
    return 0;
  }
  std::cout << fmt::format("preset       {} ({} ch x {} pc x {} bank groups x {} banks, {} B rows, {} B accesses, tCK {} ns)\n",
                           spec.name, spec.org.channels, spec.org.pseudo_channels, spec.org.bank_groups,
                           spec.org.banks_per_group, spec.org.row_bytes(), spec.org.access_bytes, spec.tck_ns);
  std::cout << fmt::format("source       {}\n", spec.source);
  std::cout << fmt::format("workload     {}\n", workload);
  std::cout << fmt::format("cycles       {} DRAM cycles ({:.1f} ns)\n", cycles, ns);
  std::cout << fmt::format("transferred  {} B ({} reads, {} writes)\n", st.bytes, st.reads, st.writes);
  std::cout << fmt::format("bandwidth    {:.2f} GB/s of peak {:.2f} GB/s ({:.1f}%)\n", gbps, peak, 100 * gbps / peak);
  std::cout << fmt::format("row hits     {:.1f}% of requests\n", 100 * st.row_hit_rate());
  std::cout << "commands    ";
  for (int c = 0; c < dram::kCmdCount; ++c)
    std::cout << fmt::format(" {} {}", dram::cmd_name(dram::Cmd(c)), st.commands[size_t(c)]);
  std::cout << "\n";
  return 0;
}

}  // namespace

TPE_COMMAND("dram", "run a request trace or a synthetic stream through the DRAM timing model", run_dram);

}  // namespace tpe::cli
