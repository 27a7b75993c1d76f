// The result of one synthesis/timing/power run (hw/synth/synth_flow.hpp). Field
// names carry their units; the JSON form (synth_report_json.hpp) writes every
// figure as {"value": x, "unit": "..."}.
#pragma once
#include <map>
#include <string>
#include <vector>

namespace tpe::hw {

// One Verilog module after mapping. "own" figures count the module's leaf
// library cells only; "total" figures include every submodule instance
// underneath, multiplied out through the hierarchy.
struct ModuleFigures {
  std::string name;
  long instances = 0;                       // copies in the whole design (top = 1)
  double own_area_um2 = 0.0;
  long own_cells = 0;                       // leaf library cells
  long own_ffs = 0;                         // flip-flop cells (Liberty `ff` group)
  long own_latches = 0;
  std::map<std::string, long> cell_types;   // leaf library cell -> count
  std::map<std::string, long> submodules;   // child module -> instances inside one copy
  double total_area_um2 = 0.0;              // one copy, including its submodules
  long total_cells = 0;
  long total_ffs = 0;
  // Stand-alone OpenSTA of one copy (this module linked as the design, its
  // inputs ideal and toggling at the request's activity): what the module
  // achieves once the nets feeding it are buffered. Not run for the top.
  bool standalone = false;
  double standalone_critical_path_ns = 0.0;
  double standalone_fmax_mhz = 0.0;
  double standalone_dynamic_mw = 0.0;
  double standalone_leakage_mw = 0.0;
  double standalone_total_mw = 0.0;
};

struct TimingFigures {
  double clock_period_ns = 0.0;   // the constraint the run used
  bool path_found = false;        // false when the design has no constrained path
  std::string startpoint, endpoint;
  double arrival_ns = 0.0;        // data arrival at the endpoint
  double setup_ns = 0.0;          // endpoint setup time (0 for an output port)
  double slack_ns = 0.0;          // required - arrival at the requested period
  double critical_path_ns = 0.0;  // clock_period - slack = arrival + setup (ideal clock)
  double fmax_mhz = 0.0;          // 1000 / critical_path_ns
  double worst_stage_ns = 0.0;    // slowest single stage on that path
  std::string worst_stage_pin;    // the pin it ends at (a fanout hot spot when large)
};

struct PowerFigures {
  double clock_mhz = 0.0;           // 1000 / clock period
  double input_activity = 0.0;      // toggles per cycle on every non-clock input
  double input_duty = 0.0;          // fraction of time high
  std::map<std::string, double> net_activities;  // overrides, toggles per cycle
  double internal_mw = 0.0;         // cell-internal (short-circuit + internal cap)
  double switching_mw = 0.0;        // net (load) capacitance charging
  double dynamic_mw = 0.0;          // internal + switching
  double leakage_mw = 0.0;
  double total_mw = 0.0;
  double sequential_mw = 0.0;       // total of flip-flops/latches
  double combinational_mw = 0.0;
  double energy_per_cycle_pj = 0.0; // total_mw * clock period (mW * ns = pJ)
};

struct TechnologyInfo {
  double node_nm = 0.0;             // feature size (180 for OSU018)
  std::string library_name;         // Liberty library(...) name
  std::string liberty_path;
  double voltage_v = 0.0;           // nom_voltage
  double temperature_c = 0.0;       // nom_temperature
  double process = 0.0;             // nom_process
  std::string corner;               // operating conditions / delay-model corner
  std::string nand2_cell;           // the gate-equivalent reference cell
  double nand2_area_um2 = 0.0;
};

struct SynthReport {
  std::string top;
  std::string source;               // e.g. "Yosys 0.23 + OpenSTA 2.0.17, OSU018 liberty"
  std::string yosys_version, sta_version;
  TechnologyInfo technology;
  std::vector<ModuleFigures> modules;  // top first, then the rest by name
  double total_area_um2 = 0.0;      // the whole design (= top's total_area_um2)
  double yosys_total_area_um2 = 0.0;  // Yosys's own "Chip area for top module" (cross-check)
  double nand2_equivalents = 0.0;   // total_area_um2 / nand2_area_um2 (gates)
  long total_cells = 0;
  long total_ffs = 0;
  long total_latches = 0;
  TimingFigures timing;             // whole design as synthesized (unbuffered top-level nets)
  PowerFigures power;
  // Whole design rebuilt from stand-alone module runs: sum over the top's
  // direct submodules of instances x stand-alone power plus the top's own
  // cells, and the lowest stand-alone Fmax. This is the design with its
  // top-level broadcast nets ideally buffered (the top's own register-to-
  // register paths are not in the Fmax).
  // The top module's own leaf cells (glue, skew and control registers), from
  // the whole-design run: they drive the unbuffered broadcast nets, so this is
  // an upper bound. Included in the hierarchical totals.
  double top_own_total_mw = 0.0;
  double top_own_dynamic_mw = 0.0;
  double top_own_leakage_mw = 0.0;
  bool has_hierarchical = false;
  double hierarchical_total_mw = 0.0;
  double hierarchical_dynamic_mw = 0.0;
  double hierarchical_leakage_mw = 0.0;
  double hierarchical_fmax_mhz = 0.0;
  std::vector<std::string> warnings;  // e.g. unmapped cells, unmet timing
  // Bookkeeping (not figures): where the run lives and how long it took.
  std::string cache_key;
  std::string run_dir;              // netlist, logs and scripts of this run
  double yosys_seconds = 0.0;
  double sta_seconds = 0.0;
  bool from_cache = false;          // set on a cache hit; never stored

  const ModuleFigures* module(const std::string& name) const {
    for (const auto& m : modules)
      if (m.name == name) return &m;
    return nullptr;
  }
};

}  // namespace tpe::hw
