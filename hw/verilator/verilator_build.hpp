// Builds generated Verilog into a loadable shared library with Verilator,
// cached by a hash of the Verilog, the shim and the tool version, so a
// config is compiled once. Verilator's own runtime is compiled once per
// Verilator version and shared by every model.
#pragma once
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "rtlgen/core/generate.hpp"

namespace tpe::hw {

struct VerilatorBuildOptions {
  std::string cache_dir;  // empty: default_cache_dir()
  std::function<void(const std::string&)> progress;  // one line per step; may be empty
};

// $TPE_CACHE_DIR, else $XDG_CACHE_HOME/tpe, else ~/.cache/tpe.
std::string default_cache_dir();

// What to verilate: the files (name, text), the top module, the IR module
// whose ports the shim exposes (the RTL top; a synthesized netlist of it has
// the same ports), and extra verilator arguments (e.g. a .vlt file name).
struct VerilatorSources {
  std::string top;
  const rtl::Module* ports = nullptr;
  std::vector<std::pair<std::string, std::string>> files;
  std::vector<std::string> extra_args;
  // Compile the model's "slow" code (constructors, the symbol table) at -O0:
  // a gate-level netlist with public nets registers ~700 nets per PE in
  // straight-line functions that take gcc -O1 minutes per file, -O0 seconds.
  bool unoptimized_slow_code = false;
  // Compile all of the model at -O0 (GeneratedRtl::compile_unoptimized).
  bool unoptimized_code = false;
  // Verilate with --trace (time unit 1 ps) and give the shim the VCD calls
  // (tpe_rtl_trace_*): a separate cached library, slower to simulate.
  bool trace = false;
};

// Returns the path of the shared library. Throws std::runtime_error with an
// install hint when verilator is missing, or with the tail of the build log
// when a step fails; a failed build leaves nothing in the cache.
std::string build_verilated_library(const VerilatorSources& src, const VerilatorBuildOptions& opt = {});
// The generated RTL of a config; `trace`: the waveform-capable build.
std::string build_verilated_library(const rtl::GeneratedRtl& rtl, const VerilatorBuildOptions& opt = {},
                                    bool trace = false);

}  // namespace tpe::hw
