// `tpe layer`: one decoder layer of a catalog model (and the whole model =
// layers x that + lm_head) on an engine: cycles, utilization, compute vs
// memory time (a roofline at a DRAM bandwidth), energy where the engine has an
// energy table. Seeded synthetic operands at the real shapes.
#include <chrono>
#include <cmath>
#include <iostream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "models/engine/family_registry.hpp"
#include "sim/workload/layer_on_engine.hpp"
#include "tools/cli_common.hpp"
#include "tools/command_registry.hpp"
#include "tools/engine_figures.hpp"
#include "workloads/model_catalog.hpp"

namespace tpe::cli {
namespace {

int run_layer(const std::vector<std::string>& args) {
  po::options_description opts("options");
  std::string model, phase, config;
  PhaseSpec ph;
  double bandwidth = 0, clock_mhz = 0;
  uint64_t seed = 1;
  opts.add_options()("model", po::value(&model)->required(), "catalog model name (tpe workload list)")(
      "phase", po::value(&phase)->default_value("prefill"), "prefill or decode")(
      "seq", po::value(&ph.seq)->default_value(128), "prefill: prompt length L (tokens)")(
      "batch", po::value(&ph.batch)->default_value(1), "decode: batch B (sequences)")(
      "ctx", po::value(&ph.ctx)->default_value(1024), "decode: context T (keys attended per sequence)")(
      "engine", po::value(&config)->required(), "engine description (JSON)")(
      "bandwidth", po::value(&bandwidth)->default_value(0), "DRAM bandwidth in GB/s for the roofline (0: compute only)")(
      "dram", po::value<std::string>(), "DRAM model preset: not available yet (use --bandwidth)")(
      "clock-mhz", po::value(&clock_mhz)->default_value(0), "clock (0: the energy table's Fmax, else 1000 MHz assumed)")(
      "fast", "closed-form cycles from the shapes, no simulation (data-independent families)")(
      "no-check", "cycle model without checking values against the reference")(
      "characterize", "make the engine's energy table when the cache has none (Yosys + OpenSTA, minutes)")(
      "seed", po::value(&seed)->default_value(1), "seed of the synthetic operands")("json", "print one JSON object");
  po::variables_map vm;
  if (!parse_options("layer",
                     "--model NAME --phase prefill|decode --seq L [--batch B --ctx T] --engine CONFIG "
                     "[--bandwidth GB/s] [--fast] [--json]",
                     opts, args, vm))
    return 0;
  if (vm.count("dram"))
    throw std::invalid_argument("--dram: the DRAM timing model does not exist yet; give --bandwidth GB/s for a "
                                "roofline (docs/workloads.md)");
  if (bandwidth < 0) throw std::invalid_argument(fmt::format("--bandwidth {} is out of range; allowed >= 0 GB/s", bandwidth));
  ph.phase = parse_phase(phase);
  const EngineConfig cfg = load_engine_config(config);
  const LlmArch& arch = find_model(model);
  const Workload w = make_workload(arch, ph, "fp32");
  LayerRunOptions lo;
  lo.fidelity = vm.count("fast") ? SimFidelity::ClosedForm : SimFidelity::CycleModel;
  lo.check_values = !vm.count("no-check");
  lo.seed = seed;
  EngineFigures fig = engine_figures(cfg, config, vm.count("characterize") > 0, clock_mhz);
  if (lo.fidelity == SimFidelity::ClosedForm) no_energy_for_closed_form(fig);
  const double mhz = fig.clock_mhz > 0 ? fig.clock_mhz : 1000.0;
  const std::string clock_src = fig.clock_mhz > 0 ? fig.clock_source : "assumed: no energy table; set --clock-mhz";

  const auto t0 = std::chrono::steady_clock::now();
  const LayerOnEngine r = run_layer_on_engine(cfg, w, lo);
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const int peak = family_of(cfg).spec->peak_macs_per_cycle(cfg);

  struct Row {
    std::string name;
    double cycles, macs, compute_s, memory_s, bytes;
    ActivityTrace trace;
  };
  auto row_of = [&](const OpOnEngine& o) {
    Row x{o.op.name, double(o.cycles()), o.op.macs(), double(o.cycles()) / (mhz * 1e6), 0, o.dram_bytes(cfg),
          scaled(o.activity, uint64_t(o.op.count))};
    x.memory_s = bandwidth > 0 ? x.bytes / (bandwidth * 1e9) : 0;
    return x;
  };
  std::vector<Row> rows;
  Row layer{"layer total", 0, 0, 0, 0, 0, {}};
  double layer_time = 0;
  for (const OpOnEngine& o : r.layer) {
    rows.push_back(row_of(o));
    const Row& x = rows.back();
    layer.cycles += x.cycles;
    layer.macs += x.macs;
    layer.compute_s += x.compute_s;
    layer.memory_s += x.memory_s;
    layer.bytes += x.bytes;
    layer_time += std::max(x.compute_s, x.memory_s);  // op by op: no overlap between ops
    accumulate(layer.trace, x.trace);
  }
  const Row head = row_of(r.lm_head);
  const double model_cycles = layer.cycles * arch.n_layers + head.cycles;
  const double model_macs = layer.macs * arch.n_layers + head.macs;
  const double model_time = layer_time * arch.n_layers + std::max(head.compute_s, head.memory_s);
  const std::optional<hw::EnergyReport> e_layer = replay(fig, cfg, layer.trace, layer.macs);
  const std::optional<hw::EnergyReport> e_head = replay(fig, cfg, head.trace, head.macs);

  // Counts are JSON integers (docs/cli.md, "One vocabulary"); the sums are
  // held as doubles for the ratios.
  auto count = [](double x) { return uint64_t(std::llround(x)); };
  nlohmann::json ops = nlohmann::json::array();
  for (const Row& x : rows) {
    nlohmann::json o = {{"name", x.name},           {"cycles", count(x.cycles)}, {"macs", count(x.macs)},
                        {"utilization", x.macs / (x.cycles * peak)}, {"compute_s", x.compute_s},
                        {"dram_bytes", x.bytes}};
    if (bandwidth > 0) {
      o["memory_s"] = x.memory_s;
      o["bound"] = x.memory_s > x.compute_s ? "memory" : "compute";
    }
    if (auto e = replay(fig, cfg, x.trace, x.macs)) o["energy_pj"] = e->total_pj;
    ops.push_back(o);
  }
  nlohmann::json j = {{"model", arch.name},
                      {"phase", ph.str()},
                      {"engine", {{"config", config}, {"tag", cfg.tag()}, {"peak_macs_per_cycle", peak}}},
                      {"fidelity", lo.fidelity == SimFidelity::ClosedForm ? "closed form"
                                   : lo.check_values                       ? "cycle model, values checked"
                                                                           : "cycle model"},
                      {"clock_mhz", mhz},
                      {"clock_source", clock_src},
                      {"bandwidth_gb_s", bandwidth},
                      {"ops", ops},
                      {"layer", {{"cycles", count(layer.cycles)}, {"macs", count(layer.macs)},
                                 {"utilization", layer.macs / (layer.cycles * peak)},
                                 {"compute_s", layer.compute_s}, {"dram_bytes", layer.bytes},
                                 {"time_s", layer_time}}},
                      {"lm_head", {{"cycles", count(head.cycles)}, {"macs", count(head.macs)}}},
                      {"model_total", {{"n_layers", arch.n_layers}, {"cycles", count(model_cycles)}, {"macs", count(model_macs)},
                                       {"utilization", model_macs / (model_cycles * peak)}, {"time_s", model_time}}},
                      {"wall_s", wall}};
  if (bandwidth > 0) j["layer"]["memory_s"] = layer.memory_s;
  if (e_layer && e_head) {
    j["layer"]["energy_pj"] = e_layer->total_pj;
    j["layer"]["energy"] = hw::to_json(*e_layer);
    j["model_total"]["energy_pj"] = e_layer->total_pj * arch.n_layers + e_head->total_pj;
  } else {
    j["energy_note"] = fig.energy_note;
  }
  if (vm.count("json")) {
    std::cout << j.dump() << "\n";
    return 0;
  }
  std::string out = fmt::format("{} {}, one decoder layer on {} ({} MACs/cycle peak), {}, clock {:.1f} MHz ({})\n",
                                arch.name, ph.str(), cfg.tag(), peak, j["fidelity"].get<std::string>(), mhz, clock_src);
  out += fmt::format("{:<22} {:>14} {:>9} {:>7} {:>12} {:>12} {:>8} {:>12}\n", "GEMM", "cycles", "GMAC", "util",
                     "compute (us)", "memory (us)", "bound", "energy (uJ)");
  auto line = [&](const Row& x, const nlohmann::json* o) {
    const bool mem = bandwidth > 0;
    out += fmt::format("{:<22} {:>14.0f} {:>9.4f} {:>6.1f}% {:>12.2f} {:>12} {:>8} {:>12}\n", x.name, x.cycles,
                       x.macs / 1e9, 100 * x.macs / (x.cycles * peak), x.compute_s * 1e6,
                       mem ? fmt::format("{:.2f}", x.memory_s * 1e6) : "-",
                       mem ? (x.memory_s > x.compute_s ? "memory" : "compute") : "-",
                       o && o->contains("energy_pj") ? fmt::format("{:.3f}", (*o)["energy_pj"].get<double>() / 1e6)
                                                     : "-");
  };
  for (size_t i = 0; i < rows.size(); ++i) line(rows[i], &ops[i]);
  const nlohmann::json total_energy =
      e_layer ? nlohmann::json{{"energy_pj", e_layer->total_pj}} : nlohmann::json::object();
  line(layer, &total_energy);
  out += fmt::format("\nlayer : {:.0f} cycles, {:.3f} GMAC, utilization {:.1f} %, {:.1f} us ({})\n", layer.cycles,
                     layer.macs / 1e9, 100 * layer.macs / (layer.cycles * peak), layer_time * 1e6,
                     bandwidth > 0 ? fmt::format("op by op max(compute, memory) at {} GB/s", bandwidth)
                                   : "compute only: give --bandwidth GB/s for the memory side");
  out += fmt::format("model : {} layers x layer + lm_head ({:.0f} cycles) = {:.0f} cycles, {:.3f} GMAC, {:.3f} ms\n",
                     arch.n_layers, head.cycles, model_cycles, model_macs / 1e9, model_time * 1e3);
  if (e_layer && e_head)
    out += fmt::format("energy: {:.3f} uJ per layer, {:.3f} uJ whole model (array only, {})\n",
                       e_layer->total_pj / 1e6, (e_layer->total_pj * arch.n_layers + e_head->total_pj) / 1e6,
                       e_layer->technology);
  else
    out += fmt::format("energy: {}\n", fig.energy_note);
  out += fmt::format("wall  : {:.3f} s\n", wall);
  std::cout << out;
  return 0;
}

}  // namespace

TPE_COMMAND("layer", "one decoder layer of a catalog model on an engine: cycles, roofline, energy", run_layer);

}  // namespace tpe::cli
