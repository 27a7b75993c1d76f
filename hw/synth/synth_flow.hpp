// Synthesis, timing and power for generated Verilog: Yosys 0.23 maps the design
// hierarchically onto a Liberty cell library (the PE is synthesized once and
// multiplied through the hierarchy, never flattened), OpenSTA 2.0.17 times the
// mapped netlist and estimates vectorless power at a given input activity.
//
//   SynthRequest req;
//   req.verilog_files = {"out/pe_os_i8i8_acc32.v", "out/array_4x4.v"};
//   req.top = "array_4x4";
//   req.clock_period_ns = 10;
//   req.cache_dir = ".cache/synth";
//   SynthReport r = synthesize(req);   // throws SynthError with a readable message
//
// Results are cached under cache_dir by a hash of the Verilog text, the flow
// settings, the liberty file and the tool versions; a run is built in a temp
// directory and renamed into place, so the cache never holds partial results.
#pragma once
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include "hw/synth/synth_report.hpp"

namespace tpe::hw {

// The OSU 0.18 um liberty that `make setup` unpacks (scripts/setup.sh).
// $TPE_LIBERTY overrides it.
std::string default_liberty_path();

struct SynthRequest {
  std::vector<std::string> verilog_files;  // read in this order
  std::string top;                         // top module name
  double clock_period_ns = 10.0;           // timing constraint and power clock
  std::string liberty_path = default_liberty_path();
  double input_activity = 0.1;             // toggles per cycle on every non-clock input
  double input_duty = 0.5;                 // fraction of time an input is high
  // Per-port overrides (toggles per cycle), keyed by top-level input port name.
  // Debian's OpenSTA 2.0.17 cannot set activity on internal pins from Tcl
  // (`set_power_activity -pins` calls a missing get_pins_error), so only ports.
  std::map<std::string, double> net_activities;
  std::string cache_dir;                   // empty: run in a temp dir, delete it, no cache
  std::string clock_port = "clk";          // a virtual clock is used when the port is absent
  bool constrain_io = true;                // input/output delay 0 w.r.t. the clock, so
                                           // port-to-register and comb paths are timed too
  bool abc_delay_target = false;           // pass `-D period` to abc (delay-driven mapping)
  bool standalone_modules = true;          // also time/power each submodule alone (cheap:
                                           // one copy each) for the hierarchical estimate
  double node_nm = 0.0;                    // 0: from the library name (osu018 -> 180)
  std::string yosys = "yosys";             // executables (name on PATH or a path)
  std::string sta = "sta";
};

// Thrown for a missing tool or liberty (message has the `make setup` hint), bad
// request, or failed tool run (message has the tail of the tool's log).
struct SynthError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

SynthReport synthesize(const SynthRequest& req);

// The cache key synthesize() would use (32 hex digits); also checks the tools
// and liberty exist, so it throws SynthError like synthesize().
std::string synth_cache_key(const SynthRequest& req);

}  // namespace tpe::hw
