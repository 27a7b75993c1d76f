// The Yosys and OpenSTA scripts of the synthesis flow, as pure functions of
// the request so they can be inspected and golden-tested.
#pragma once
#include <string>
#include <vector>

#include "hw/synth/synth_flow.hpp"

namespace tpe::hw {

// File names inside a run directory.
inline constexpr const char* kYosysScript = "synth.ys";
inline constexpr const char* kYosysLog = "yosys.log";
inline constexpr const char* kStatFile = "stat.txt";
inline constexpr const char* kNetlist = "netlist.v";
inline constexpr const char* kStaScript = "sta.tcl";
inline constexpr const char* kStaLog = "sta.log";
inline constexpr const char* kReportFile = "report.json";

// Yosys: read, synth (hierarchical), dfflibmap, abc, stat -liberty, write netlist.
// `abs_files` must be absolute paths (the script runs in the run directory).
std::string yosys_script(const SynthRequest& req, const std::vector<std::string>& abs_files);

// OpenSTA: read liberty + netlist, clock, activity, report_checks, report_power,
// with `design` linked as the top (req.top for the whole design, or one
// submodule for its stand-alone figures). Net activity overrides apply to the
// whole design only (they name the top's ports).
std::string sta_script(const SynthRequest& req, const std::string& design);

}  // namespace tpe::hw
