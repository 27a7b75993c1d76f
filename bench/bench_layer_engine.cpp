// `tpe layer` speed: one Llama-2-7B decoder layer, prefill L = 128, on a 32x32
// output-stationary systolic engine (configs/systolic_os_32x32_int8.json):
//  1. cycle-level: every GEMM on the SystemC cycle model, values checked
//     against the reference (target: under 20 s on one core);
//  2. fast mode: closed-form cycles from the shapes alone (target: at least
//     100,000 GEMMs/s), over the layer's GEMMs and a spread of odd shapes,
//     and its layer total equal to the cycle model's.
// Prints each figure next to its target. `--fast-only` skips part 1.
#include <chrono>
#include <ctime>
#include <string>

#include <fmt/format.h>

#include "models/engine/family_registry.hpp"
#include "sim/workload/layer_on_engine.hpp"
#include "workloads/model_catalog.hpp"

using namespace tpe;

namespace {
double since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}
}  // namespace

int main(int argc, char** argv) {
  register_builtin_families();
  const bool fast_only = argc > 1 && std::string(argv[1]) == "--fast-only";
  const EngineConfig cfg = load_engine_config(std::string(TPE_BENCH_SOURCE_DIR) + "/configs/systolic_os_32x32_int8.json");
  PhaseSpec ph;
  ph.phase = Phase::Prefill;
  ph.seq = 128;
  const Workload w = make_workload(find_model("Llama-2-7B"), ph, "fp32");
  LayerRunOptions fast;
  fast.fidelity = SimFidelity::ClosedForm;
  fast.lm_head = false;
  const LayerOnEngine f = run_layer_on_engine(cfg, w, fast);
  fmt::print("Llama-2-7B prefill L=128, one layer on {}: {:.3f} GMAC, closed form {} cycles\n", cfg.tag(),
             f.layer_macs() / 1e9, f.layer_cycles());

  // Fast mode throughput: closed-form cycle counts of many shapes.
  const FamilySpec& spec = *family_of(cfg).spec;
  uint64_t sink = 0, n = 0;
  const auto t0 = std::chrono::steady_clock::now();
  while (since(t0) < 1.0)
    for (int i = 0; i < 10000; ++i, ++n) sink += *spec.closed_form_cycles(cfg, GemmShape{1 + i % 257, 1 + (i * 7) % 4099, 1 + (i * 13) % 11009});
  const double gemms_per_s = double(n) / since(t0);
  fmt::print("fast mode      : {:.0f} GEMMs/s (target >= 100000 GEMMs/s) {}  [checksum {}]\n", gemms_per_s,
             gemms_per_s >= 100000 ? "MET" : "MISSED", sink % 1000);
  if (fast_only) return 0;

  LayerRunOptions full;  // cycle model, values checked
  full.lm_head = false;
  // CPU time of this process as well as wall time: on a shared machine the
  // wall time includes waiting for a core; the target is for one core.
  const auto t1 = std::chrono::steady_clock::now();
  const std::clock_t c0 = std::clock();
  const LayerOnEngine c = run_layer_on_engine(cfg, w, full);
  const double s = since(t1), cpu = double(std::clock() - c0) / CLOCKS_PER_SEC;
  fmt::print("cycle-level    : {} cycles in {:.1f} s CPU ({:.1f} s wall) = {:.2f} M cycles/CPU-s, values checked "
             "(target < 20 s on one core) {}\n",
             c.layer_cycles(), cpu, s, c.layer_cycles() / cpu / 1e6, cpu < 20 ? "MET" : "MISSED");
  double ops_s = 0, sim_s = 0, check_s = 0;
  for (const OpOnEngine& o : c.layer) ops_s += o.operand_seconds, sim_s += o.sim_seconds, check_s += o.check_seconds;
  fmt::print("  of which     : {:.1f} s SystemC cycle model ({:.2f} M cycles/s), {:.1f} s reference check, {:.1f} s "
             "operands (wall)\n",
             sim_s, c.layer_cycles() / sim_s / 1e6, check_s, ops_s);
  fmt::print("fast == cycle model: {}\n", f.layer_cycles() == c.layer_cycles() ? "yes" : "NO");
  return f.layer_cycles() == c.layer_cycles() ? 0 : 1;
}
