// Simulation speed of the SystemC cycle model against the Verilated RTL of
// the same engine on the same GEMM, measured in the same run. Each runs alone
// (its own controller, same schedule); both must match the reference.
// Usage: bench_model_vs_rtl CONFIG GEMM   (one SystemC elaboration per process)
#include <chrono>
#include <cstdio>

#include <fmt/format.h>

#include "engine_sim.hpp"
#include "gemm_operands.hpp"
#include "generate.hpp"
#include "int_gemm.hpp"
#include "rtl_array_device.hpp"
#include "verilator_build.hpp"

using namespace tpe;

int main(int argc, char** argv) {
  if (argc != 3) {
    fmt::print(stderr, "usage: {} CONFIG MxKxN\n", argv[0]);
    return 2;
  }
  try {
    const EngineConfig cfg = load_engine_config(argv[1]);
    const GemmShape shape = parse_gemm_shape(argv[2]);
    const GemmOperands ops = make_gemm_operands(cfg, shape, 1, "random");
    const ResultMatrix want = int_gemm(ops.a, ops.b, cfg.a, cfg.b, cfg.acc_bits);
    const auto rtl = rtl::generate_rtl(cfg);
    const std::string lib = hw::build_verilated_library(rtl, {});
    auto model = make_array_model(cfg);
    hw::RtlArrayDevice rtl_dev(cfg, lib, 1);

    // SystemC allows one elaboration per process, so both run in one
    // lockstep simulation and each device's ticks are timed separately.
    struct Timed : ArrayDevice {
      ArrayDevice& inner;
      double seconds = 0;
      explicit Timed(ArrayDevice& d) : inner(d) {}
      void reset() override { inner.reset(); }
      const ArrayOutputs& tick(const ArrayInputs& in) override {
        const auto t0 = std::chrono::steady_clock::now();
        const ArrayOutputs& o = inner.tick(in);
        seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        return o;
      }
      const char* kind() const override { return inner.kind(); }
    };
    Timed tm(*model), tr(rtl_dev);
    const auto t0 = std::chrono::steady_clock::now();
    auto runs = simulate_gemm(cfg, ops.a, ops.b, {&tm, &tr});
    const double total = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (runs[0].c != want || runs[1].c != want || runs[0].activity.cycles != runs[1].activity.cycles) {
      fmt::print(stderr, "model or RTL disagrees with the reference\n");
      return 1;
    }
    const double cycles = double(runs[0].activity.cycles), macs = shape.macs();
    // The SystemC kernel and controllers are shared overhead: charge it to
    // the model, so the model's figure is end-to-end, the RTL's only its ticks.
    const double model_s = total - tr.seconds, rtl_s = tr.seconds;
    fmt::print("{:<32} GEMM {:<12} cycles {:>9.0f}\n", cfg.tag(), shape.str(), cycles);
    fmt::print("  SystemC model (incl. kernel+controller): {:>8.3f} s  {:>7.3f} M cycles/s  {:>8.1f} M MAC/s\n",
               model_s, cycles / model_s / 1e6, macs / model_s / 1e6);
    fmt::print("  Verilated RTL (device ticks only)      : {:>8.3f} s  {:>7.3f} M cycles/s  {:>8.1f} M MAC/s\n",
               rtl_s, cycles / rtl_s / 1e6, macs / rtl_s / 1e6);
    fmt::print("  model / RTL speed ratio                : {:>8.1f}x\n", rtl_s / model_s);
    return 0;
  } catch (const std::exception& e) {
    fmt::print(stderr, "error: {}\n", e.what());
    return 1;
  }
}
