// Co-simulation: the reference GEMM, the SystemC cycle model and the
// Verilated RTL run the same operands; outputs must agree bit for bit and
// the model's and the RTL's cycle counts exactly.
#pragma once
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include <nlohmann/json_fwd.hpp>

#include "models/engine/engine_config.hpp"
#include "models/formats/matrix.hpp"

namespace tpe::hw {

struct CosimRequest {
  EngineConfig cfg;
  GemmShape shape;
  uint64_t seed = 1;
  std::string operands = "random";  // or "stories260K"
  std::string trace_dir;            // when set: model.trace and rtl.trace (one line per cycle)
  std::string cache_dir;            // Verilator build cache; empty: default
  // When set: the RTL's waveform (every signal, VCD) here, and the model's
  // port values for the same edges (sc_trace VCD) at model_wave_path(wave).
  // The RTL is then built with tracing (a separate cached library).
  std::string wave;
  std::string model_wave;  // the model's VCD (ending in .vcd); empty: model_wave_path(wave)
  std::function<void(const std::string&)> progress;
  uint64_t max_cycles = 0;                         // 0: the family's generous bound
  std::function<void(uint64_t cycles)> on_cycles;  // during the lockstep run (progress line)
};

struct Mismatch {
  std::string view;  // "model" or "rtl"
  int row = 0, col = 0;
  int64_t expected = 0, got = 0;
};

struct CosimResult {
  bool model_matches_reference = false;
  bool rtl_matches_reference = false;
  bool completed = false;  // both finished within the cycle bound
  uint64_t cycles_model = 0, cycles_rtl = 0;
  std::optional<uint64_t> cycles_estimate;  // the family's closed form, where it has one
  double macs = 0;
  std::optional<Mismatch> first_mismatch;
  std::string operands;  // description
  std::string top;
  double build_seconds = 0, sim_seconds = 0;

  bool bit_exact() const { return model_matches_reference && rtl_matches_reference; }
  bool cycles_equal() const {
    return cycles_model == cycles_rtl && (!cycles_estimate || cycles_model == *cycles_estimate);
  }
  bool pass() const { return completed && bit_exact() && cycles_equal(); }
  nlohmann::json to_json(const CosimRequest& req) const;
};

CosimResult run_cosim(const CosimRequest& req);

// "run.vcd" -> "run.model.vcd"; "run" -> "run.model.vcd".
std::string model_wave_path(const std::string& wave);

}  // namespace tpe::hw
