// A minimal built-in platform around TlmGemmEngine: one memory, the engine,
// and a driver thread acting as the CPU (writes the operands into memory
// through TLM, programs the registers, waits for the interrupt, reads C).
// It is what `tpe sim --tlm` runs, and what the tests use to drive the
// engine through its real interfaces. It elaborates its own modules and
// runs the kernel, so it is for programs that own the SystemC kernel (once
// per process, before any other sc_start); a SystemC user instantiates
// TlmGemmEngine in their own platform instead (examples/systemc_platform).
#pragma once
#include <cstdint>
#include <vector>

#include "models/engine/engine_config.hpp"
#include "models/formats/matrix.hpp"
#include "sim/core/activity.hpp"

namespace tpe {

struct TlmGemmJob {
  int config_id = 0;  // index into the configurations
  OperandMatrix a, b;
};

struct TlmGemmOutcome {
  ResultMatrix c;                        // read back from platform memory
  uint64_t cycles = 0;                   // CYCLES_LO/HI
  uint32_t status = 0, error_code = 0;   // STATUS and ERROR_CODE at the interrupt
  double start_ns = 0, interrupt_ns = 0; // simulated time of the START write and of the interrupt
  ActivityTrace activity;                // the engine's counters for this GEMM
};

struct TlmPlatformOptions {
  double clock_period_ns = 1.0;      // the engine's clock
  double memory_latency_ns = 0.0;    // per memory transaction
};

// Runs the jobs one after the other on one engine built with `configs`.
// Throws std::logic_error when the kernel has already left elaboration.
std::vector<TlmGemmOutcome> run_gemms_on_tlm_platform(const std::vector<EngineConfig>& configs,
                                                      const std::vector<TlmGemmJob>& jobs,
                                                      const TlmPlatformOptions& opt = {});

}  // namespace tpe
