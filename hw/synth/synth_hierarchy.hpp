// Turns Yosys's per-module `stat` sections into hierarchy-aware figures: each
// module's own leaf cells, area and flip-flops, its submodule instances, and
// the totals multiplied out through the hierarchy (a 16x16 array counts its PE
// 256 times without the PE ever being flattened).
#pragma once
#include <string>
#include <vector>

#include "hw/synth/liberty_info.hpp"
#include "hw/synth/synth_report.hpp"
#include "hw/synth/yosys_stat_parse.hpp"

namespace tpe::hw {

// Modules reachable from `top`, top first then by name. Cell types that are
// neither library cells nor modules (unmapped internal cells) are reported in
// `warnings`. Throws std::runtime_error when `top` is missing or the
// hierarchy has a cycle.
std::vector<ModuleFigures> hierarchy_figures(const YosysStat& st, const LibertyInfo& lib, const std::string& top,
                                             std::vector<std::string>& warnings);

}  // namespace tpe::hw
