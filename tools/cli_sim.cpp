// tpe sim: run a GEMM on the SystemC cycle model of an engine.
#include <chrono>
#include <iostream>
#include <memory>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "hw/energy/event_stream.hpp"
#include "hw/energy/workload_toggles.hpp"
#include "models/engine/engine_config.hpp"
#include "models/gemm/gemm_operands.hpp"
#include "models/util/output_file.hpp"
#include "models/util/progress.hpp"
#include "sim/core/engine_sim.hpp"
#include "sim/tlm/register_map.hpp"
#include "sim/tlm/tlm_platform_run.hpp"
#include "models/engine/family_registry.hpp"
#include "tools/cli_common.hpp"
#include "tools/command_registry.hpp"

namespace tpe::cli {
namespace {

int run_sim(const std::vector<std::string>& args) {
  po::options_description opts("tpe sim options");
  opts.add_options()("config", po::value<std::string>()->required(), "engine description (JSON)")(
      "gemm", po::value<std::string>()->required(), "GEMM shape MxKxN")(
      "seed", po::value<uint64_t>()->default_value(1), "seed of the random operands")(
      "weights", po::value<std::string>()->default_value("random"), "operand source: random, stories260K, extremes or normal:SIGMA (round(N(0, SIGMA^2)) clamped to the formats)")(
      "trace", po::value<std::string>(), "write a one-line-per-cycle text trace to this file (- for standard output)")(
      "activity", po::value<std::string>(), "write the activity trace (JSON, docs/activity_trace.md) to this file (- for standard output)")(
      "events", po::value<std::string>(), "write per-cycle counter deltas (binary tpe-events-v2, docs/activity_trace.md; - for standard output)")(
      "tlm", "run on the TLM-2.0 engine in a built-in platform (operands and result through platform memory, "
             "registers, interrupt; docs/systemc.md) instead of the bare cycle model")(
      "json", "print one JSON object instead of the table");
  add_max_cycles_option(opts);
  po::variables_map vm;
  if (!parse_options("sim", "--config FILE --gemm MxKxN [--trace FILE] [--activity FILE] [--json]", opts, args, vm))
    return 0;
  const std::string config_path = vm["config"].as<std::string>();
  const GemmShape shape = parse_gemm_shape(vm["gemm"].as<std::string>());
  const EngineConfig cfg = load_engine_config(config_path);
  const GemmOperands ops = make_gemm_operands(cfg, shape, vm["seed"].as<uint64_t>(), vm["weights"].as<std::string>());

  if (vm.count("tlm") && vm.count("trace"))
    throw std::invalid_argument("--trace is not available with --tlm (run without --tlm for it)");
  // The TLM register map addresses A, B and C only (docs/systemc.md); a family
  // whose operands carry side tensors (shiftadd's alpha) cannot run there yet.
  if (vm.count("tlm") && (!ops.a.side.empty() || !ops.b.side.empty()))
    throw std::invalid_argument(fmt::format(
        "--tlm is not available for the {} family: its operands carry side tensors the TLM register map cannot "
        "address yet (run without --tlm)",
        cfg.family));
  if (vm.count("tlm") && vm.count("max-cycles"))
    throw std::invalid_argument("--max-cycles is not available with --tlm (bound a TLM run with --timeout)");
  const uint64_t max_cycles = max_cycles_of(vm);
  // Outputs are opened before the run (an unwritable target fails at once)
  // and committed together at the end: on any error none of them appears.
  // The text trace streams to disk as the model runs (bounded memory).
  auto output = [&](const char* option) {
    return vm.count(option) ? std::make_unique<OutputFile>(vm[option].as<std::string>(), std::string("--") + option, true)
                            : nullptr;
  };
  const auto trace_out = output("trace"), activity_out = output("activity"), events_out = output("events");
  EngineSimOptions opt;
  if (trace_out) opt.text_traces = {&trace_out->stream()};
  const FamilySpec& spec = *family_of(cfg).spec;
  const std::optional<uint64_t> estimate = spec.cycles_for_operands(cfg, ops.a, ops.b);
  // The controller sees the engine done a few edges after its last counted
  // cycle (the registered round trip): the bound leaves that slack and the
  // run's own cycle count is judged below.
  opt.max_cycles = max_cycles ? max_cycles + kMaxCyclesSlack : 0;
  Progress progress("sim " + shape.str(), estimate ? double(*estimate) : 0.0, "cycles");
  opt.on_quantum = [&](uint64_t cycles) { progress.update(double(cycles)); };
  auto model = make_array_model(cfg);
  const auto t0 = std::chrono::steady_clock::now();
  EngineRun run;
  std::optional<TlmGemmOutcome> tlm;
  if (vm.count("tlm")) {
    tlm = run_gemms_on_tlm_platform({cfg}, {{0, ops.a, ops.b}})[0];
    run.completed = tlm->status == tlm_regs::DONE;
    run.activity = tlm->activity;
    run.c = tlm->c;
  } else {
    run = simulate_gemm(cfg, ops.a, ops.b, {model.get()}, opt)[0];
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (tlm && !run.completed)
    throw std::runtime_error(fmt::format("the TLM engine reported an error (STATUS {:#x}, ERROR_CODE {})", tlm->status,
                                         tlm->error_code));
  if (max_cycles && (!run.completed || run.activity.cycles > max_cycles)) fail_max_cycles(max_cycles, estimate);
  if (!run.completed) throw std::runtime_error("the simulation hit its cycle bound before the GEMM finished");
  const bool exact = run.c == engine_reference(cfg, ops.a, ops.b);

  if (cfg.memory && !run.memory) run.memory = run_memory_stage(cfg, shape, run.activity.cycles);  // the TLM path
  const uint64_t cycles = run.cycles();  // with a memory: compute + memory stalls
  const double macs = shape.macs();
  const int peak = spec.peak_macs_per_cycle(cfg);
  const double utilization = macs / (double(cycles) * peak);
  nlohmann::json j = {{"config", cfg.to_json()},
                      {"gemm", {{"m", shape.m}, {"k", shape.k}, {"n", shape.n}}},
                      {"operands", ops.description},
                      {"cycles", cycles},
                      {"cycles_estimate", estimate ? nlohmann::json(*estimate) : nlohmann::json()},
                      {"macs", uint64_t(macs)},
                      {"utilization", utilization},
                      {"bit_exact", exact},
                      {"wall_s", seconds},
                      {"sim_cycles_per_second", double(cycles) / seconds},
                      {"sim_macs_per_second", macs / seconds},
                      {"counters", run.activity.to_json()}};
  if (run.memory) {
    j["compute_cycles"] = run.activity.cycles;
    j["memory_stall_cycles"] = run.memory->stall_cycles;
    j["dram_bytes_read"] = run.memory->bytes_read;
    j["dram_bytes_written"] = run.memory->bytes_written;
    j["memory"] = run.memory->to_json();
  }
  if (tlm)
    j["tlm"] = {{"start_ns", tlm->start_ns},
                {"interrupt_ns", tlm->interrupt_ns},
                {"cycles_register", tlm->cycles},
                {"clock_period_ns", 1.0}};
  spec.operand_stats(cfg, ops.a, ops.b, j);
  if (activity_out) {
    nlohmann::json act = {{"format", "tpe-activity-v1"},
                          {"config", cfg.to_json()},
                          {"config_tag", cfg.tag()},
                          {"gemm", j["gemm"]},
                          {"counters", run.activity.to_json()}};
    // Data-dependent switching for the energy replay: bit toggles on the PEs'
    // data inputs, from a pass of the C++ model behind a toggle recorder.
    auto again = make_array_model(cfg);
    const hw::WorkloadToggles tog = hw::measure_workload_toggles(cfg, ops.a, ops.b, *again);
    if (tog.trace.to_json() != run.activity.to_json())
      throw std::runtime_error("--activity: the toggle pass disagrees with the SystemC run's counters");
    act["toggles"] = tog.toggles.bits;
    activity_out->write(act.dump(2) + "\n");
  }
  if (events_out) {
    // A second pass on the plain C++ loop (no SystemC) records every cycle;
    // its totals must equal the SystemC run's counters.
    ActivityTrace again;
    const hw::EventStream ev = hw::record_event_stream(cfg, ops.a, ops.b, &again);
    if (again.to_json() != run.activity.to_json())
      throw std::runtime_error("--events: the per-cycle pass disagrees with the SystemC run's counters");
    hw::write_event_stream(ev, events_out->stream());
  }
  for (OutputFile* f : {trace_out.get(), activity_out.get(), events_out.get()})
    if (f) f->commit();
  if (vm.count("json")) {
    std::cout << j.dump() << "\n";
  } else {
    fmt::print("sim {}  GEMM {}  ({})\n", cfg.tag(), shape.str(), ops.description);
    fmt::print("  cycles        : {} (closed-form estimate {})\n", cycles,
               estimate ? std::to_string(*estimate) : std::string("none: data-dependent"));
    if (run.memory) {
      const MemoryRun& m = *run.memory;
      fmt::print("  memory        : {} x{} channels ({}): {} compute + {} stall cycles; DRAM {} B read, {} B written, "
                 "{} row hits of {} accesses\n",
                 m.preset, m.channels, cfg.memory->preset, m.compute_cycles, m.stall_cycles, m.bytes_read,
                 m.bytes_written, m.row_hits, m.reads + m.writes);
    }
    fmt::print("  MACs          : {:.0f}\n", macs);
    fmt::print("  utilization   : {:.1f} % of {} MACs/cycle peak x {} cycles\n", 100 * utilization, peak, cycles);
    fmt::print("  vs reference  : {}\n", exact ? "bit-exact" : "MISMATCH");
    if (tlm)
      fmt::print("  TLM platform  : START at {:.1f} ns, interrupt at {:.1f} ns (1 ns clock, C read back from memory)\n",
                 tlm->start_ns, tlm->interrupt_ns);
    if (j.contains("digits_per_operand"))
      fmt::print("  operand digits: {:.3f} nonzero {} digits per operand, {:.3f} PE cycles per operand\n",
                 j["digits_per_operand"].get<double>(), j["encoding"].get<std::string>(),
                 j["cycles_per_operand"].get<double>());
    if (j.contains("dram_commands")) {  // a processing-in-memory engine (operand_stats): its DRAM side
      std::string cmds;
      for (const auto& [name, count] : j["dram_commands"].items()) cmds += fmt::format(" {} {}", name, count.get<uint64_t>());
      fmt::print("  memory        : {} ({})\n", j["memory"].get<std::string>(), j["dram_source"].get<std::string>());
      fmt::print("  DRAM time     : {:.1f} us ({} DRAM cycles of {} ns)\n", j["time_ns"].get<double>() / 1000.0, cycles,
                 j["tck_ns"].get<double>());
      fmt::print("  DRAM commands :{} (whole device)\n", cmds);
      fmt::print("  bank util.    : {:.1f} % (MAC column commands x tCCD_L / cycles)\n",
                 100 * j["bank_utilization"].get<double>());
      fmt::print("  vs no PIM     : {:.2f}x speedup; the host reads W's {} B in {} DRAM cycles (PIM / host = {:.3f})\n",
                 j["speedup_vs_no_pim"].get<double>(), j["host_read_bytes"].get<uint64_t>(),
                 j["host_read_cycles"].get<uint64_t>(), j["pim_over_host_cycles"].get<double>());
      if (j.contains("dram_energy")) {
        const auto& e = j["dram_energy"];
        const auto& c = e["commands_pj"];
        fmt::print("  DRAM energy   : {:.3f} uJ = all-bank MAC/write-back columns {:.3f} + all-bank ACT {:.3f} + ACT {:.3f} "
                   "+ RD {:.3f} + WR {:.3f} + REFab {:.3f} + background {:.3f} uJ\n",
                   e["total_pj"].get<double>() / 1e6, e["pim_all_bank_column_pj"].get<double>() / 1e6,
                   e["pim_all_bank_act_pj"].get<double>() / 1e6, c["ACT"].get<double>() / 1e6, c["RD"].get<double>() / 1e6,
                   c["WR"].get<double>() / 1e6, c["REFab"].get<double>() / 1e6, e["background_pj"].get<double>() / 1e6);
        fmt::print("  vs no PIM     : the host's read of W costs {:.3f} uJ of DRAM energy ({:.2f}x)\n",
                   e["host_read_total_pj"].get<double>() / 1e6, e["host_read_over_pim_energy"].get<double>());
        fmt::print("  energy source : {}\n", e["source"].get<std::string>());
      }
    }
    fmt::print("  speed         : {:.3f} s wall, {:.2f} M simulated cycles/s, {:.1f} M MAC/s\n", seconds,
               cycles / seconds / 1e6, macs / seconds / 1e6);
  }
  return exact ? 0 : 3;
}

}  // namespace
TPE_COMMAND("sim", "run a GEMM on the SystemC cycle model", run_sim);
}  // namespace tpe::cli
