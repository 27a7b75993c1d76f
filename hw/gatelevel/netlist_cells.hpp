// The cells of a Yosys gate-level netlist (`write_verilog -noattr -noexpr`):
// for each module, its leaf cells with the net on every pin, and its
// submodule instances. Enough to map per-net toggle counts onto the cell
// pins OpenSTA prices (hw/gatelevel/gate_level_power).
#pragma once
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace tpe::hw {

struct NetlistCell {
  std::string type, name;
  std::vector<std::pair<std::string, std::string>> pins;  // pin, net ("x", "bus[3]", or a constant "1'h0")
};

struct NetlistModule {
  std::string name;
  std::vector<NetlistCell> cells;                                // library cells
  std::vector<std::pair<std::string, std::string>> submodules;  // module, instance name
};

struct Netlist {
  std::map<std::string, NetlistModule> modules;
  const NetlistModule& module(const std::string& name) const;  // throws naming it
};

// Instances of a type that is a module of the netlist are submodules; every
// other instance is a library cell. Throws std::runtime_error on text it
// cannot read, naming the line.
Netlist parse_yosys_netlist(const std::string& text);

// True for a constant connection ("1'h0", "1'b1", "8'hff").
bool is_constant_net(const std::string& net);

}  // namespace tpe::hw
