// Entry point of the Verilog generator: config -> checked, de-duplicated
// design -> Verilog text per module, and the writer for `tpe gen`.
#pragma once
#include <functional>
#include <map>
#include <string>

#include "models/engine/engine_config.hpp"
#include "rtlgen/ir/ir.hpp"

namespace tpe::rtl {

struct GeneratedRtl {
  EngineConfig config;
  Design design;
  std::map<std::string, std::string> files;  // "<module>.v" -> text
  std::string top;
  std::string content_hash;  // of all Verilog text, for caches
  bool compile_unoptimized = false;  // FamilyRtl::compile_unoptimized: Verilated model at -O0
};

// The steps of generate_rtl, in order (for a progress line: `tpe gen`).
constexpr int kGenerateSteps = 5;
using GenerateStepFn = std::function<void(int step_done, const char* next_step)>;

// Dispatches on cfg.family; runs every checking pass (throws on a problem).
// `on_step`, when set, is called before each step with the steps done.
GeneratedRtl generate_rtl(const EngineConfig& cfg, const GenerateStepFn& on_step = {});

// Writes the .v files and manifest.json into `dir` (created if missing).
// Everything is written to a temporary directory first and then moved in,
// so a failure leaves no partial output. Throws naming the directory.
void write_rtl(const GeneratedRtl& rtl, const std::string& dir);

}  // namespace tpe::rtl
