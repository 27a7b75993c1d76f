// A per-action energy table for one engine configuration: what one MAC, one
// idle PE-cycle, one skew-register bit write ... costs, in pJ, each figure with
// its unit, technology node, voltage, corner and source (how it was derived).
// Produced by hw/energy/energy_characterize, read by hw/energy/energy_replay; JSON on disk.
#pragma once
#include <map>
#include <string>

#include <nlohmann/json_fwd.hpp>

namespace tpe::hw {

struct EnergyFigure {
  double value = 0.0;
  std::string unit;     // "pJ", "mW", "ns", "um2", "MHz"
  std::string per;      // what one unit of the counter is ("MAC", "bit", "PE-cycle", ...)
  std::string source;   // the measurement and the formula that gave the value
};

struct EnergyTable {
  std::string format = "tpe-energy-table-v2";
  std::string config_tag;
  std::string key;            // cache key: config, RTL, workload, flow and tools
  // Technology of every figure below (from the liberty via SynthReport).
  double node_nm = 0.0;
  double voltage_v = 0.0;
  std::string corner;
  std::string library;
  std::string tools;          // "Yosys 0.23 + OpenSTA 2.0.17, OSU018 liberty"
  std::string workload;       // the characterization workload
  double char_clock_ns = 0.0; // clock period of the power runs
  // Actions. Every family: pe_idle_dynamic (per PE-cycle), pe_leakage (mW
  // per PE), top_idle_dynamic (per cycle), top_leakage (mW), mac (at the
  // characterization layer's data); then the family's own PE and top actions
  // (FamilyEnergy::pe_actions / top_actions), e.g. mac_base, skew_reg_write_bit.
  std::map<std::string, EnergyFigure> actions;
  // Design figures.
  EnergyFigure area;          // whole array, um2
  EnergyFigure fmax;          // hierarchical Fmax (the PE stand-alone), MHz
  // Measured activities the table was made with (the family's toggle
  // recorder: toggles per bit per event, by group and port; mean rates).
  std::map<std::string, std::map<std::string, double>> activity_rates;
  std::map<std::string, double> activity_figures;

  const EnergyFigure& action(const std::string& name) const;  // throws naming the key
  // Idle energy of one PE for one cycle at clock period `clock_ns`: clock
  // and internal power of the registers (frequency-independent per cycle)
  // plus leakage x period.
  double pe_idle_pj(double clock_ns) const;
  double top_idle_pj(double clock_ns) const;
};

nlohmann::json to_json(const EnergyTable& t);
EnergyTable energy_table_from_json(const nlohmann::json& j);  // throws std::runtime_error on a bad document

}  // namespace tpe::hw
