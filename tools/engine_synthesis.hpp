// Synthesis of an engine description as the commands use it: the generated
// Verilog written next to the synthesis cache, Yosys + OpenSTA, and the
// area efficiency at the per-PE (hierarchical) Fmax. Shared by `tpe synth`
// and `tpe compare-paper`.
#pragma once
#include "hw/synth/synth_report.hpp"
#include "models/engine/engine_config.hpp"

namespace tpe::cli {

// Peak throughput and area efficiency at a clock: one MAC = 2 operations.
struct Efficiency {
  double fmax_mhz, peak_gops, gops_per_mm2;
};

Efficiency efficiency(const EngineConfig& cfg, const hw::SynthReport& r);
hw::SynthReport synthesize_config(const EngineConfig& cfg, double period_ns, double activity, bool quiet);

}  // namespace tpe::cli
