#include "hw/synth/synth_hierarchy.hpp"

#include <cmath>
#include <functional>
#include <map>
#include <set>
#include <stdexcept>

namespace tpe::hw {

std::vector<ModuleFigures> hierarchy_figures(const YosysStat& st, const LibertyInfo& lib, const std::string& top,
                                             std::vector<std::string>& warnings) {
  if (!st.modules.count(top)) throw std::runtime_error("yosys stat: top module '" + top + "' not in the report");

  // Own figures of every module.
  std::map<std::string, ModuleFigures> figs;
  for (const auto& [name, ms] : st.modules) {
    ModuleFigures f;
    f.name = name;
    double lib_area = 0.0;
    for (const auto& [type, count] : ms.cells) {
      if (st.modules.count(type)) {
        f.submodules[type] += count;
      } else if (auto it = lib.cells.find(type); it != lib.cells.end()) {
        f.cell_types[type] += count;
        f.own_cells += count;
        if (it->second.is_ff) f.own_ffs += count;
        if (it->second.is_latch) f.own_latches += count;
        lib_area += it->second.area * double(count);
      } else {
        warnings.push_back("module " + name + ": cell type " + type + " (x" + std::to_string(count) +
                           ") is neither a library cell nor a module: not mapped, no area");
      }
    }
    // Yosys's own per-module figure is the reference; the liberty sum is an
    // independent check that the text was read right.
    f.own_area_um2 = ms.has_area ? ms.chip_area : lib_area;
    if (std::fabs(lib_area - f.own_area_um2) > 1e-6 * std::max(1.0, lib_area))
      warnings.push_back("module " + name + ": Yosys area " + std::to_string(f.own_area_um2) +
                         " differs from the liberty sum " + std::to_string(lib_area));
    figs[name] = f;
  }

  // Totals per copy, bottom-up, and a post-order for the instance counts.
  std::vector<std::string> post;
  std::set<std::string> done, active;
  std::function<void(const std::string&)> visit = [&](const std::string& m) {
    if (done.count(m)) return;
    if (active.count(m)) throw std::runtime_error("yosys stat: hierarchy cycle through " + m);
    active.insert(m);
    auto& f = figs.at(m);
    f.total_area_um2 = f.own_area_um2;
    f.total_cells = f.own_cells;
    f.total_ffs = f.own_ffs;
    for (const auto& [child, count] : f.submodules) {
      visit(child);
      const auto& c = figs.at(child);
      f.total_area_um2 += double(count) * c.total_area_um2;
      f.total_cells += count * c.total_cells;
      f.total_ffs += count * c.total_ffs;
    }
    active.erase(m);
    done.insert(m);
    post.push_back(m);
  };
  visit(top);

  // Instance counts top-down (reverse post-order visits parents first).
  figs.at(top).instances = 1;
  for (auto it = post.rbegin(); it != post.rend(); ++it) {
    const auto& f = figs.at(*it);
    for (const auto& [child, count] : f.submodules) figs.at(child).instances += f.instances * count;
  }

  std::vector<ModuleFigures> out{figs.at(top)};
  for (const auto& name : done)  // std::set: by name
    if (name != top) out.push_back(figs.at(name));
  return out;
}

}  // namespace tpe::hw
