#include "hw/synth/yosys_stat_parse.hpp"

#include <regex>
#include <sstream>
#include <stdexcept>

namespace tpe::hw {

namespace {
std::string unescape(std::string s) {
  if (!s.empty() && s[0] == '\\') s.erase(0, 1);
  return s;
}
}  // namespace

YosysStat parse_yosys_stat(const std::string& text) {
  static const std::regex section(R"(^\s*===\s*(.+?)\s*===\s*$)");
  static const std::regex ncells(R"(^\s*Number of cells:\s*(\d+)\s*$)");
  static const std::regex cell_line(R"(^\s+(\S+)\s+(\d+)\s*$)");
  static const std::regex area(R"(^\s*Chip area for module '(.+)':\s*([0-9.eE+-]+)\s*$)");
  static const std::regex top_area(R"(^\s*Chip area for top module '(.+)':\s*([0-9.eE+-]+)\s*$)");

  YosysStat st;
  std::istringstream in(text);
  std::string line;
  YosysModuleStat* cur = nullptr;  // module whose section we are in
  bool in_cells = false;           // inside the cell-type list after "Number of cells"
  std::smatch m;
  while (std::getline(in, line)) {
    if (std::regex_match(line, m, section)) {
      in_cells = false;
      const std::string name = m[1];
      if (name == "design hierarchy") {
        cur = nullptr;
      } else {
        cur = &st.modules[unescape(name)];
        cur->name = unescape(name);
      }
      continue;
    }
    if (std::regex_match(line, m, top_area)) {
      st.top = unescape(m[1]);
      st.top_chip_area = std::stod(m[2]);
      st.has_top_area = true;
      continue;
    }
    if (std::regex_match(line, m, area)) {
      const std::string name = unescape(m[1]);
      auto& mod = st.modules[name];
      mod.name = name;
      mod.chip_area = std::stod(m[2]);
      mod.has_area = true;
      in_cells = false;
      continue;
    }
    if (!cur) continue;
    if (std::regex_match(line, m, ncells)) {
      cur->cell_count = std::stol(m[1]);
      in_cells = true;
      continue;
    }
    if (in_cells) {
      if (std::regex_match(line, m, cell_line)) {
        cur->cells[unescape(m[1])] += std::stol(m[2]);
      } else {
        in_cells = false;  // blank line or "Area for cell type ... unknown" ends the list
      }
    }
  }
  if (st.modules.empty()) throw std::runtime_error("yosys stat: no module section found");
  return st;
}

}  // namespace tpe::hw
