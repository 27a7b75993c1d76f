// Entry point of the Verilog generator: config -> checked, de-duplicated
// design -> Verilog text per module, and the writer for `tpe gen`.
#pragma once
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
};

// Dispatches on cfg.family; runs every checking pass (throws on a problem).
GeneratedRtl generate_rtl(const EngineConfig& cfg);

// Writes the .v files and manifest.json into `dir` (created if missing).
// Everything is written to a temporary directory first and then moved in,
// so a failure leaves no partial output. Throws naming the directory.
void write_rtl(const GeneratedRtl& rtl, const std::string& dir);

}  // namespace tpe::rtl
