// `tpe layer`: one decoder layer of a catalog model (and the whole model =
// layers x that + lm_head) on an engine: cycles, utilization, compute vs
// memory time (a roofline at a DRAM bandwidth, or the DRAM timing model through
// the memory stage), energy where the engine has an energy table. Seeded
// synthetic operands at the real shapes.
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
  int dram_channels = 0;
  uint64_t seed = 1;
  opts.add_options()("model", po::value(&model)->required(), "catalog model name (tpe workload list)")(
      "phase", po::value(&phase)->default_value("prefill"), "prefill or decode")(
      "seq", po::value(&ph.seq)->default_value(128), "prefill: prompt length L (tokens)")(
      "batch", po::value(&ph.batch)->default_value(1), "decode: batch B (sequences)")(
      "ctx", po::value(&ph.ctx)->default_value(1024), "decode: context T (keys attended per sequence)")(
      "config", po::value(&config), "engine description (JSON)")(
      "bandwidth", po::value(&bandwidth)->default_value(0), "DRAM bandwidth in GB/s for the roofline (0: compute only)")(
      "dram", po::value<std::string>(), "DRAM preset (configs/dram) the engine streams its operands from "
                                        "(the memory stage; overrides the engine's own memory)")(
      "dram-channels", po::value(&dram_channels)->default_value(0), "channels of --dram (0: the preset's)")(
      "clock-mhz", po::value(&clock_mhz)->default_value(0), "clock (0: the energy table's Fmax, else 1000 MHz assumed)")(
      "fast", "closed-form cycles from the shapes, no simulation (data-independent families)")(
      "no-check", "cycle model without checking values against the reference")(
      "characterize", "make the engine's energy table when the cache has none (Yosys + OpenSTA, minutes)")(
      "seed", po::value(&seed)->default_value(1), "seed of the synthetic operands")("json", "print one JSON object");
  // --engine was this command's name for what every other command calls --config.
  add_deprecated_option(opts, "engine", "config", po::value<std::string>());
  po::variables_map vm;
  if (!parse_options("layer",
                     "--model NAME --phase prefill|decode --seq L [--batch B --ctx T] --config CONFIG "
                     "[--bandwidth GB/s | --dram PRESET [--dram-channels N]] [--fast] [--json]",
                     opts, args, vm))
    return 0;
  if (deprecated_option_used(vm, "layer", "engine", "config")) config = vm["engine"].as<std::string>();
  if (config.empty()) throw std::runtime_error("the option '--config' is required but missing (see tpe layer --help)");
  if (bandwidth < 0) throw std::invalid_argument(fmt::format("--bandwidth {} is out of range; allowed >= 0 GB/s", bandwidth));
  if (vm.count("dram") && bandwidth > 0)
    throw std::invalid_argument("--dram and --bandwidth: give one (the DRAM model, or a roofline at a bandwidth)");
  ph.phase = parse_phase(phase);
  EngineConfig cfg = load_engine_config(config);
  if (vm.count("dram") || !vm["dram-channels"].defaulted()) {
    // The same checks as a "memory" object in the description (file/field/value/allowed).
    nlohmann::json m = cfg.memory ? memory_to_json(*cfg.memory) : nlohmann::json::object();
    if (vm.count("dram")) m["preset"] = vm["dram"].as<std::string>();
    if (!vm["dram-channels"].defaulted()) m["channels"] = dram_channels;
    cfg.memory = parse_memory_config(m, "--dram");
  }
  const bool dram = cfg.memory.has_value();
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
  // The memory stage converts DRAM cycles to engine cycles at the clock the report uses.
  if (dram && cfg.memory->clock_mhz == 0) cfg.memory->clock_mhz = mhz;

  const auto t0 = std::chrono::steady_clock::now();
  const LayerOnEngine r = run_layer_on_engine(cfg, w, lo);
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const int peak = family_of(cfg).spec->peak_macs_per_cycle(cfg);

  struct Row {
    std::string name;
    double cycles, macs, compute_s, memory_s, bytes;
    ActivityTrace trace;
    double stall_cycles = 0, moved_bytes = 0;  // with the DRAM model
    // Roofline: the larger of compute and memory; DRAM model: compute + stalls.
    double time_s() const { return dram_model ? compute_s + memory_s : std::max(compute_s, memory_s); }
    bool dram_model = false;
  };
  auto row_of = [&](const OpOnEngine& o) {
    Row x{o.op.name, double(o.cycles()), o.op.macs(), double(o.cycles()) / (mhz * 1e6), 0, o.dram_bytes(cfg),
          scaled(o.activity, uint64_t(o.op.count))};
    x.memory_s = bandwidth > 0 ? x.bytes / (bandwidth * 1e9) : 0;
    if (o.memory) {
      x.dram_model = true;
      x.stall_cycles = double(o.stall_cycles());
      x.memory_s = x.stall_cycles / (mhz * 1e6);  // the time the engine waited for the DRAM
      x.moved_bytes = double(o.memory->bytes_read + o.memory->bytes_written) * o.op.count;
    }
    return x;
  };
  std::vector<Row> rows;
  Row layer{"layer total", 0, 0, 0, 0, 0, {}};
  layer.dram_model = dram;
  double layer_time = 0;
  for (const OpOnEngine& o : r.layer) {
    rows.push_back(row_of(o));
    const Row& x = rows.back();
    layer.cycles += x.cycles;
    layer.macs += x.macs;
    layer.compute_s += x.compute_s;
    layer.memory_s += x.memory_s;
    layer.bytes += x.bytes;
    layer.stall_cycles += x.stall_cycles;
    layer.moved_bytes += x.moved_bytes;
    layer_time += x.time_s();  // op by op: no overlap between ops
    accumulate(layer.trace, x.trace);
  }
  const Row head = row_of(r.lm_head);
  const double model_cycles = layer.cycles * arch.n_layers + head.cycles;
  const double model_macs = layer.macs * arch.n_layers + head.macs;
  const double model_time = layer_time * arch.n_layers + head.time_s();
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
    if (dram) {
      o["memory_stall_cycles"] = count(x.stall_cycles);
      o["memory_s"] = x.memory_s;
      o["time_s"] = x.time_s();
      o["dram_bytes_moved"] = count(x.moved_bytes);
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
  if (dram) {
    // The memory stage of the first op names the preset as simulated (channels included).
    const MemoryRun& m = *r.layer.front().memory;
    j["dram"] = {{"preset", m.preset}, {"source", m.source}, {"channels", m.channels}, {"peak_gb_s", m.peak_gb_s},
                 {"dram_clock_ns", m.dram_clock_ns}, {"a_buffer_kib", cfg.memory->a_buffer_kib},
                 {"b_buffer_kib", cfg.memory->b_buffer_kib}, {"c_buffer_kib", cfg.memory->c_buffer_kib}};
    j["layer"]["memory_stall_cycles"] = count(layer.stall_cycles);
    j["layer"]["memory_s"] = layer.memory_s;
    j["layer"]["dram_bytes_moved"] = count(layer.moved_bytes);
  }
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
  if (dram)
    out += fmt::format("memory: {} (DRAM model, {} channels, {:.1f} GB/s peak; its source in --json), A/B/C buffers "
                       "{}/{}/{} KiB double-buffered\n",
                       j["dram"]["preset"].get<std::string>(), j["dram"]["channels"].get<int>(),
                       j["dram"]["peak_gb_s"].get<double>(), cfg.memory->a_buffer_kib, cfg.memory->b_buffer_kib,
                       cfg.memory->c_buffer_kib);
  out += fmt::format("{:<22} {:>14} {:>9} {:>7} {:>12} {:>12} {:>8} {:>12}\n", "GEMM", "cycles", "GMAC", "util",
                     "compute (us)", dram ? "stall (us)" : "memory (us)", dram ? "stall%" : "bound", "energy (uJ)");
  auto line = [&](const Row& x, const nlohmann::json* o) {
    const bool mem = bandwidth > 0 || dram;
    const std::string bound = dram ? fmt::format("{:.1f}%", 100 * x.memory_s / x.time_s())
                                   : (x.memory_s > x.compute_s ? "memory" : "compute");
    out += fmt::format("{:<22} {:>14.0f} {:>9.4f} {:>6.1f}% {:>12.2f} {:>12} {:>8} {:>12}\n", x.name, x.cycles,
                       x.macs / 1e9, 100 * x.macs / (x.cycles * peak), x.compute_s * 1e6,
                       mem ? fmt::format("{:.2f}", x.memory_s * 1e6) : "-", mem ? bound : "-",
                       o && o->contains("energy_pj") ? fmt::format("{:.3f}", (*o)["energy_pj"].get<double>() / 1e6)
                                                     : "-");
  };
  for (size_t i = 0; i < rows.size(); ++i) line(rows[i], &ops[i]);
  const nlohmann::json total_energy =
      e_layer ? nlohmann::json{{"energy_pj", e_layer->total_pj}} : nlohmann::json::object();
  line(layer, &total_energy);
  out += fmt::format("\nlayer : {:.0f} cycles, {:.3f} GMAC, utilization {:.1f} %, {:.1f} us ({})\n", layer.cycles,
                     layer.macs / 1e9, 100 * layer.macs / (layer.cycles * peak), layer_time * 1e6,
                     dram            ? fmt::format("op by op compute + memory stalls, DRAM model {}, {:.3f} GB moved",
                                                   j["dram"]["preset"].get<std::string>(), layer.moved_bytes / 1e9)
                     : bandwidth > 0 ? fmt::format("op by op max(compute, memory) at {} GB/s", bandwidth)
                                     : "compute only: give --bandwidth GB/s or --dram PRESET for the memory side");
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
