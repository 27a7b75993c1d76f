// Gate-level power at measured per-net switching activity: every cell pin of
// a synthesized netlist gets the toggle rate its net showed in a gate-level
// simulation (hw/gatelevel/net_toggles), and OpenSTA prices the design with those.
//
// Debian's OpenSTA 2.0.17 has the per-pin activity in its engine but its Tcl
// `set_power_activity -pins` is broken (it assigns `ports` and loops over
// `pins`, and calls a get_pins_error that does not exist), so the script
// calls the engine command `sta::set_power_pin_activity` directly.
#pragma once
#include <string>
#include <unordered_map>

#include "hw/gatelevel/netlist_cells.hpp"
#include "hw/synth/sta_report_parse.hpp"

namespace tpe::hw {

struct GatePowerRequest {
  std::string netlist_path, top, liberty_path;
  double clock_ns = 10.0;
  std::string clock_net = "clk";  // priced by OpenSTA as the clock, not from toggles
  uint64_t cycles = 0;            // cycles the toggles were counted over
  // Toggles per net bit over `cycles`, keyed as NetToggleCounter::toggles_by_net.
  const std::unordered_map<std::string, uint64_t>* toggles = nullptr;
  std::string work_dir;           // scripts and log go here
};

struct GatePower {
  StaPower total;    // the whole design, mW
  StaPower top_own;  // the top module's own leaf cells, mW
  size_t pins_set = 0;
  size_t pins_unmatched = 0;  // pins whose net had no toggle count (set to 0)
  std::string log_path;
};

// Throws std::runtime_error with the tail of the OpenSTA log when it fails,
// or when more than 0.5% of the pins have no measured net.
GatePower gate_level_power(const Netlist& netlist, const GatePowerRequest& req);

}  // namespace tpe::hw
