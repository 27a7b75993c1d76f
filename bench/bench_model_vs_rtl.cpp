// Simulation speed of the SystemC cycle model against the Verilated RTL of
// the same engine on the same GEMM, measured in the same run.
//   model: the full SystemC simulation (kernel, clock, controller, model);
//   RTL:   the same controller schedule driving the Verilated model from a
//          plain C++ loop, with no SystemC kernel around it -- the fastest
//          the RTL can be driven, so the ratio is not flattered.
// Both must reproduce the reference result and the same cycle count.
// Usage: bench_model_vs_rtl CONFIG MxKxN
#include <chrono>

#include <fmt/format.h>

#include "hw/verilator/rtl_array_device.hpp"
#include "hw/verilator/verilator_build.hpp"
#include "models/gemm/gemm_operands.hpp"
#include "rtlgen/core/generate.hpp"
#include "sim/core/engine_loop.hpp"
#include "sim/core/engine_sim.hpp"
#include "sim/core/systemc_kernel.hpp"
#include "models/engine/family_registry.hpp"

using namespace tpe;

namespace {
double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}
}  // namespace

int main(int argc, char** argv) {
  tpe::register_builtin_families();
  tpe::quiet_systemc_kernel();
  if (argc != 3) {
    fmt::print(stderr, "usage: {} CONFIG MxKxN\n", argv[0]);
    return 2;
  }
  try {
    const EngineConfig cfg = load_engine_config(argv[1]);
    const GemmShape shape = parse_gemm_shape(argv[2]);
    const GemmOperands ops = make_gemm_operands(cfg, shape, 1, "random");
    const ResultMatrix want = engine_reference(cfg, ops.a, ops.b);
    const std::string lib = hw::build_verilated_library(rtl::generate_rtl(cfg), {});

    auto model = make_array_model(cfg);
    auto t0 = std::chrono::steady_clock::now();
    const EngineRun model_run = simulate_gemm(cfg, ops.a, ops.b, {model.get()})[0];
    const double model_s = seconds_since(t0);

    hw::RtlArrayDevice rtl_dev(cfg, lib, 1);
    rtl_dev.reset();
    EngineLoop loop(cfg, ops.a, ops.b, rtl_dev);
    t0 = std::chrono::steady_clock::now();
    while (!loop.done()) loop.step();
    const double rtl_s = seconds_since(t0);
    const EngineRun rtl_run = loop.result();

    if (model_run.c != want || rtl_run.c != want || model_run.activity.cycles != rtl_run.activity.cycles) {
      fmt::print(stderr, "model or RTL disagrees with the reference or with each other\n");
      return 1;
    }
    const double cycles = double(model_run.activity.cycles), macs = shape.macs();
    fmt::print("{:<32} GEMM {:<12} {:>9.0f} cycles\n", cfg.tag(), shape.str(), cycles);
    fmt::print("  SystemC model (kernel+controller+model): {:>7.3f} s {:>8.3f} M cycles/s {:>8.1f} M MAC/s\n", model_s,
               cycles / model_s / 1e6, macs / model_s / 1e6);
    fmt::print("  Verilated RTL (plain C++ loop)         : {:>7.3f} s {:>8.3f} M cycles/s {:>8.1f} M MAC/s\n", rtl_s,
               cycles / rtl_s / 1e6, macs / rtl_s / 1e6);
    fmt::print("  model / RTL speed ratio                : {:>7.1f}x\n", rtl_s / model_s);
    return 0;
  } catch (const std::exception& e) {
    fmt::print(stderr, "error: {}\n", e.what());
    return 1;
  }
}
