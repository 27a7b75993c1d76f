// Trace replay: energy of a run = sum over actions of count x energy per
// action (hw/energy/energy_table), plus idle energy per cycle, plus buffer traffic
// at sourced per-bit SRAM/DRAM energies (hw/energy/memory_energy).
//
//   E_array = cycles x (PEs x E_pe_idle(T) + E_top_idle(T))
//           + sum over the family's PE and top actions of count x E_action
//             (hw/energy/family_energy.hpp; without toggle counts in the
//             trace, the PE actions are replaced by macs x E_mac)
//   E_idle(T) = E_idle,dyn + P_leak x T     (T = the replay clock period)
//   E_sram   = (read + write bits of a, b, c) x e_sram(capacity)
//   E_dram   = (M K a + K N b + M N acc bits) x e_dram   (one fill of A, B and one
//              write-back of C: the compulsory traffic)
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "hw/energy/energy_table.hpp"
#include "models/engine/engine_config.hpp"
#include "models/formats/matrix.hpp"
#include "sim/core/activity.hpp"

namespace tpe::hw {

// A parsed tpe-activity-v1 document.
struct ActivityDocument {
  std::string config_tag;
  GemmShape gemm;
  ActivityTrace trace;
  std::string config_json;  // the "config" object as text
  // Optional "toggles" section (tpe sim --activity writes it): the family's
  // toggle counts (e.g. bit toggles on the PEs' data inputs).
  std::optional<std::map<std::string, uint64_t>> toggles;
};

// Parses; throws std::runtime_error naming the missing/bad field.
ActivityDocument parse_activity_trace(const std::string& json_text, const std::string& source);

// Throws std::runtime_error saying why when the trace was not made with
// `cfg` (tag or any field of the description differs).
void check_trace_matches(const ActivityDocument& doc, const EngineConfig& cfg);
// Counters that a run of GEMM `g` on `cfg` can produce: cycles equal to the
// closed form where the family has one, MACs between M*K*N and cycles x
// peak, C written at least once. Throws ConfigError naming `source` and
// the field.
void check_activity_consistent(const ActivityTrace& tr, const GemmShape& g, const EngineConfig& cfg,
                               const std::string& source);

struct ReplayOptions {
  double clock_ns = 0.0;       // 0: the table's hierarchical Fmax
  double sram_kib = 0.0;       // 0: no buffer energy
  std::string dram;            // "": no DRAM energy; else "HBM2", "LPDDR4", ...
  double useful_macs = 0;      // the work per-MAC figures count; 0: M x K x N of the GEMM
};

struct EnergyRow {
  std::string component, action;
  double count = 0;
  std::string count_unit;
  double pj_each = 0;
  double energy_pj = 0;
  std::string source;
};

struct EnergyReport {
  std::string config_tag;
  std::vector<EnergyRow> rows;
  double array_pj = 0, sram_pj = 0, dram_pj = 0, total_pj = 0;
  double macs = 0, cycles = 0, clock_ns = 0;  // macs: the array's MAC operations (padding included)
  double useful_macs = 0;                      // M x K x N: what pJ/MAC and TOPS/W count
  double pj_per_mac = 0, array_pj_per_mac = 0;
  double avg_power_mw = 0, array_power_mw = 0;
  double tops_per_w = 0, array_tops_per_w = 0;  // 2 ops per MAC
  double tops = 0, area_mm2 = 0, tops_per_mm2 = 0;
  std::string technology;  // node, voltage, corner, tools of the array figures
  std::vector<std::string> notes;
};

// Without toggle counts (nullptr) every MAC is priced at the characterization
// workload's data activity (action "mac"); with them, the family's PE
// actions price the MACs and the toggles.
EnergyReport replay_energy(const EnergyTable& table, const EngineConfig& cfg, const ActivityTrace& trace,
                           const GemmShape& gemm, const ReplayOptions& opt = {},
                           const std::map<std::string, uint64_t>* toggles = nullptr);

nlohmann::json to_json(const EnergyReport& r);
std::string format_report(const EnergyReport& r);  // the readable table

}  // namespace tpe::hw
