#include "hw/gatelevel/gate_level_model.hpp"

#include <algorithm>
#include <unistd.h>

#include <filesystem>
#include <stdexcept>

#include <fmt/format.h>

#include "hw/synth/process_run.hpp"
#include "hw/synth/synth_cache.hpp"
#include "hw/synth/synth_flow.hpp"
#include "models/engine/family_registry.hpp"
#include "rtlgen/core/family_rtl.hpp"
#include "sim/core/family_sim.hpp"
#include "hw/verilator/rtl_array_device.hpp"
#include "hw/verilator/verilator_build.hpp"
#include "models/util/atomic_file.hpp"
#include "rtlgen/core/generate.hpp"
#include "sim/core/engine_sim.hpp"

namespace fs = std::filesystem;

namespace tpe::hw {
namespace {

void say(const GateLevelOptions& o, const std::string& s) {
  if (o.progress) o.progress(s);
}

// Simulation models of the liberty's cells, written by Yosys from the cells'
// `function` and `ff` groups (the library's own Verilog uses UDPs, which
// Verilator 5.006 does not read). Cached by the liberty's content.
std::string cell_models(const std::string& liberty, const std::string& cache_dir) {
  const std::string lib_text = read_text_file(liberty);
  const fs::path path = fs::path(cache_dir) / fmt::format("cells-{}.v", ContentHash().add(lib_text).hex());
  if (fs::exists(path)) return read_text_file(path.string());
  fs::create_directories(cache_dir);
  const std::string yosys = find_executable("yosys");
  if (yosys.empty()) throw SynthError("yosys not found on PATH: run `make setup`");
  // Yosys writes a scratch file; its text reaches `path` in one step.
  const std::string scratch = path.string() + fmt::format(".yosys-{}", ::getpid());
  const std::string log = path.string() + ".log";
  const auto r = run_process({yosys, "-q", "-p",
                              fmt::format("read_liberty {}; write_verilog -noattr {}", liberty, scratch)},
                             "", log);
  if (!r.ok() || !fs::exists(scratch))
    throw std::runtime_error("yosys could not write cell models from " + liberty + ":\n" + tail_lines(log, 20));
  const std::string text = read_text_file(scratch);
  std::error_code ec;
  fs::remove(scratch, ec);
  write_file_atomically(path.string(), text);
  return text;
}

// Verilator config: every net of every netlist module public, so the shim can
// list it (hw/gatelevel/net_toggles); the cell models stay private and inlined.
std::string public_nets_config(const Netlist& nl) {
  std::string s = "`verilator_config\n";
  for (const auto& [name, m] : nl.modules) s += fmt::format("public_flat_rw -module \"{}\" -var \"*\"\n", name);
  return s;
}

GateLevelRun price(const GateLevelDesign& d, RtlArrayDevice& dev, const std::string& work_dir) {
  const NetToggleCounter* nets = dev.net_toggles();
  GateLevelRun run;
  run.cycles = nets->cycles();
  const auto toggles = nets->toggles_by_net();
  GatePowerRequest req;
  req.netlist_path = d.netlist_path;
  req.top = d.top;
  req.liberty_path = d.liberty_path;
  req.clock_ns = d.clock_ns;
  req.cycles = run.cycles;
  req.toggles = &toggles;
  req.work_dir = work_dir;
  run.power = gate_level_power(d.netlist, req);
  run.energy_pj = run.power.total.total_mw * d.clock_ns * double(run.cycles);
  run.top_own_energy_pj = run.power.top_own.total_mw * d.clock_ns * double(run.cycles);
  return run;
}

}  // namespace

RtlOnDisk rtl_on_disk(const EngineConfig& cfg, const std::string& cache_dir) {
  const rtl::GeneratedRtl rtl = rtl::generate_rtl(cfg);
  const fs::path dir = fs::absolute(fs::path(cache_dir) / "rtl" / rtl.content_hash);
  if (!fs::exists(dir / "manifest.json")) {
    // Written aside and renamed in one step: a concurrent reader sees all or nothing.
    const fs::path tmp = dir.string() + fmt::format(".tmp-{}", ::getpid());
    fs::remove_all(tmp);
    rtl::write_rtl(rtl, tmp.string());
    std::error_code ec;
    fs::rename(tmp, dir, ec);
    if (ec) fs::remove_all(tmp);  // another process won; its copy is identical
  }
  RtlOnDisk r;
  r.top = rtl.top;
  r.pe_module = family_of(cfg).rtl->pe_module(cfg);
  for (const auto& [file, text] : rtl.files) {
    r.files.push_back((dir / file).string());
    if (file == r.pe_module + ".v") r.pe_file = (dir / file).string();
  }
  if (r.pe_file.empty())
    throw std::runtime_error("energy: the RTL of " + cfg.tag() + " has no PE module " + r.pe_module);
  // The PE first, then its submodules in the order they are first reached.
  std::vector<std::string> pending = {r.pe_module}, seen;
  while (!pending.empty()) {
    const std::string name = pending.front();
    pending.erase(pending.begin());
    if (std::find(seen.begin(), seen.end(), name) != seen.end()) continue;
    seen.push_back(name);
    r.pe_files.push_back((dir / (name + ".v")).string());
    if (const rtl::Module* m = rtl.design.find(name))
      for (const auto& inst : m->instances) pending.push_back(inst.module);
  }
  return r;
}

GateLevelDesign prepare_gate_level(const EngineConfig& cfg, const GateLevelOptions& opt) {
  GateLevelDesign d;
  d.cfg = cfg;
  d.clock_ns = opt.clock_ns;
  const RtlOnDisk rtl = rtl_on_disk(cfg, opt.cache_dir);
  SynthRequest req;
  req.verilog_files = rtl.files;
  req.top = rtl.top;
  req.clock_period_ns = opt.clock_ns;
  req.input_activity = 0.0;
  req.standalone_modules = false;
  req.cache_dir = opt.cache_dir + "/synth";
  say(opt, "gate level: synthesizing " + rtl.top + " (whole array, cached)");
  d.synth = synthesize(req);
  d.top = rtl.top;
  d.liberty_path = req.liberty_path;
  d.netlist_path = (fs::path(d.synth.run_dir) / "netlist.v").string();
  const std::string netlist_text = read_text_file(d.netlist_path);
  d.netlist = parse_yosys_netlist(netlist_text);
  d.netlist.module(d.top);  // throws when the top is missing

  const rtl::GeneratedRtl generated = rtl::generate_rtl(cfg);
  VerilatorSources src;
  src.top = d.top;
  src.ports = generated.design.find(generated.top);  // the netlist keeps the RTL top's ports
  src.files = {{"public_nets.vlt", public_nets_config(d.netlist)},
               {"netlist.v", netlist_text},
               {"cells.v", cell_models(d.liberty_path, opt.cache_dir + "/gate")}};
  src.extra_args = {"-Wno-fatal", "-Wno-lint", "-Wno-style"};
  src.unoptimized_slow_code = true;
  VerilatorBuildOptions vopt;
  vopt.cache_dir = opt.cache_dir;
  vopt.progress = opt.progress;
  say(opt, "gate level: building the Verilated netlist of " + d.top + " (cached)");
  d.library_path = build_verilated_library(src, vopt);
  return d;
}

GateLevelRun run_gate_level(const GateLevelDesign& d, const OperandMatrix& a, const OperandMatrix& b,
                            const std::string& work_dir, uint64_t seed) {
  RtlArrayDevice dev(d.cfg, d.library_path, seed);
  dev.watch_nets(d.top);
  ResultMatrix c;
  WorkloadToggles workload = measure_workload_toggles(d.cfg, a, b, dev, &c);
  const ResultMatrix ref = engine_reference(d.cfg, a, b);
  if (!(c == ref)) {
    for (int i = 0; i < ref.rows; ++i)
      for (int j = 0; j < ref.cols; ++j)
        if (c(i, j) != ref(i, j))
          throw std::runtime_error(fmt::format("gate-level netlist of {} differs from the reference at C[{}][{}]: "
                                               "netlist {}, reference {}",
                                               d.top, i, j, c(i, j), ref(i, j)));
    throw std::runtime_error("gate-level netlist of " + d.top + ": result has the wrong shape");
  }
  // The activity counters (MACs, skew writes, read-outs) come from the cycle
  // model on the same operands; its cycle count must equal the netlist's.
  auto model = make_array_model(d.cfg);
  WorkloadToggles counted = measure_workload_toggles(d.cfg, a, b, *model);
  if (counted.cycles != workload.cycles)
    throw std::runtime_error(fmt::format("gate-level netlist of {} took {} cycles, the cycle model {}", d.top,
                                         workload.cycles, counted.cycles));
  GateLevelRun run = price(d, dev, work_dir);
  run.workload = std::move(counted);
  run.c = std::move(c);
  return run;
}

GateLevelRun run_gate_level_idle(const GateLevelDesign& d, uint64_t cycles, const std::string& work_dir) {
  RtlArrayDevice dev(d.cfg, d.library_path, 11);
  dev.watch_nets(d.top);
  dev.reset();
  const ArrayInputs quiet = PortLayout::of(d.cfg).make_inputs();
  for (uint64_t i = 0; i < cycles; ++i) dev.tick(quiet);
  return price(d, dev, work_dir);
}

}  // namespace tpe::hw
