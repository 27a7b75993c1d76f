// Reads Yosys 0.23's text `stat -liberty` report. Its `stat -json` has no area
// field in 0.23, so the text is the only source of per-module area:
//   === NAME ===            per-module section
//     Number of cells: N    followed by "  TYPE  COUNT" lines
//   Chip area for module '\NAME': A          (leaf cells of this module only)
//   === design hierarchy === ...
//   Chip area for top module '\TOP': A       (hierarchical total)
#pragma once
#include <map>
#include <string>

namespace tpe::hw {

struct YosysModuleStat {
  std::string name;
  long cell_count = 0;                  // all cells, including submodule instances
  std::map<std::string, long> cells;    // cell type (library cell or module) -> count
  double chip_area = 0.0;               // leaf library cells only (Yosys excludes submodules)
  bool has_area = false;
};

struct YosysStat {
  std::map<std::string, YosysModuleStat> modules;
  std::string top;                      // from "Chip area for top module"
  double top_chip_area = 0.0;           // Yosys's own hierarchical total
  bool has_top_area = false;
};

// Parses the text of `stat -liberty` (the `tee -o` file). Leading '\' of
// public names is removed. Throws std::runtime_error when no module section is found.
YosysStat parse_yosys_stat(const std::string& text);

}  // namespace tpe::hw
