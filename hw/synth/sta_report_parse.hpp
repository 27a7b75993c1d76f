// Reads the text of OpenSTA 2.0.17's `report_checks -path_delay max` and
// `report_power`. Debian's `sta` exits 0 even when a command fails, so the
// flow also scans the log for "Error" lines (sta_log_errors).
#pragma once
#include <string>
#include <vector>

namespace tpe::hw {

struct StaPath {
  bool found = false;        // false on "No paths found."
  std::string startpoint, endpoint;
  double arrival_ns = 0.0;   // data arrival time
  double required_ns = 0.0;  // data required time (period - setup, ideal clock)
  double slack_ns = 0.0;
  double setup_ns = 0.0;     // library setup time of the endpoint (0 for output ports)
  // The slowest single stage of the data path and the pin it ends at: one
  // stage of many ns means an unbuffered high-fanout net (the flow inserts no
  // buffer trees, and Yosys cannot buffer across the hierarchy).
  double worst_stage_ns = 0.0;
  std::string worst_stage_pin;
};

struct StaPower {
  bool found = false;
  // OpenSTA prints Watts; these are converted to milliwatts.
  double internal_mw = 0.0, switching_mw = 0.0, leakage_mw = 0.0, total_mw = 0.0;
  double sequential_mw = 0.0, combinational_mw = 0.0;  // totals per group
};

// Markers the flow prints around `report_power -instances [get_cells *]` of
// the top module. OpenSTA 2.0.17 reports 0 for hierarchical instances, so the
// rows sum to the power of the top module's own leaf cells.
inline constexpr const char* kTopCellsBegin = "TPE_TOP_CELLS_BEGIN";
inline constexpr const char* kTopCellsEnd = "TPE_TOP_CELLS_END";

StaPath parse_sta_path(const std::string& text);
// Sum of the per-instance rows between the markers (found = markers seen).
StaPower parse_sta_top_cells_power(const std::string& text);
StaPower parse_sta_power(const std::string& text);
// Lines of the log that start with "Error" (empty when the run was clean).
std::vector<std::string> sta_log_errors(const std::string& text);

}  // namespace tpe::hw
