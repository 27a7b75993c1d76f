#include "hw/gatelevel/netlist_cells.hpp"

#include <regex>
#include <sstream>
#include <stdexcept>

namespace tpe::hw {

const NetlistModule& Netlist::module(const std::string& name) const {
  auto it = modules.find(name);
  if (it == modules.end()) throw std::runtime_error("netlist has no module " + name);
  return it->second;
}

bool is_constant_net(const std::string& net) { return !net.empty() && net.find('\'') != std::string::npos; }

Netlist parse_yosys_netlist(const std::string& text) {
  // A Yosys -noexpr netlist puts one instance per block:
  //   TYPE NAME (          (NAME may be an escaped identifier "\a.b ")
  //     .PIN(NET),
  //   );
  static const std::regex module_re(R"(^module\s+(\S+?)\s*\()");
  static const std::regex inst_re(R"(^\s+([A-Za-z_][A-Za-z0-9_$]*)\s+(\\\S+\s|[A-Za-z_][A-Za-z0-9_$]*)\s*\($)");
  static const std::regex pin_re(R"(^\s+\.([A-Za-z_][A-Za-z0-9_]*)\((.*)\),?$)");
  static const std::set<std::string> keywords = {"input", "output", "inout", "wire", "reg", "assign", "always"};
  Netlist nl;
  std::istringstream in(text);
  std::string line;
  NetlistModule* mod = nullptr;
  std::vector<std::pair<NetlistModule*, NetlistCell>> pending;  // cells until all module names are known
  NetlistCell* cell = nullptr;
  std::smatch m;
  while (std::getline(in, line)) {
    if (std::regex_search(line, m, module_re)) {
      mod = &nl.modules[m[1]];
      mod->name = m[1];
      continue;
    }
    if (line.rfind("endmodule", 0) == 0) {
      mod = nullptr;
      continue;
    }
    if (!mod) continue;
    if (cell) {
      if (line.find_first_not_of(" ") != std::string::npos && line.substr(line.find_first_not_of(" ")) == ");") {
        cell = nullptr;
        continue;
      }
      if (std::regex_match(line, m, pin_re)) {
        std::string net = m[2];
        while (!net.empty() && net.back() == ' ') net.pop_back();
        cell->pins.emplace_back(m[1], net);
        continue;
      }
      // Multi-line port expressions ({...}) only occur on submodule
      // instances, whose pins are not needed.
      continue;
    }
    if (std::regex_match(line, m, inst_re) && !keywords.count(m[1])) {
      NetlistCell c;
      c.type = m[1];
      c.name = m[2];
      while (!c.name.empty() && c.name.back() == ' ') c.name.pop_back();
      pending.emplace_back(mod, std::move(c));
      cell = &pending.back().second;
      continue;
    }
  }
  if (nl.modules.empty()) throw std::runtime_error("netlist: no module found");
  for (auto& [owner, c] : pending) {
    if (nl.modules.count(c.type))
      owner->submodules.emplace_back(c.type, c.name);
    else
      owner->cells.push_back(std::move(c));
  }
  return nl;
}

}  // namespace tpe::hw
