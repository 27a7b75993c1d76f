#include "hw/energy/energy_transfer.hpp"

#include <stdexcept>

#include <fmt/format.h>

namespace tpe::hw {

EnergyTable transfer_energy_table(const EnergyTable& small, const TransferSizes& s) {
  if (small.config_tag != s.small_tag)
    throw std::invalid_argument(fmt::format("energy transfer: the table is for '{}', not '{}'", small.config_tag,
                                            s.small_tag));
  if (!(s.small_top_area_um2 > 0) || !(s.large_top_area_um2 > 0) || !(s.large_area_um2 > 0))
    throw std::invalid_argument(fmt::format(
        "energy transfer {} -> {}: top areas {} um2 and {} um2, array area {} um2; allowed: > 0", s.small_tag,
        s.large_tag, s.small_top_area_um2, s.large_top_area_um2, s.large_area_um2));
  EnergyTable t = small;
  const double ratio = s.large_top_area_um2 / s.small_top_area_um2;
  t.config_tag = s.large_tag;
  t.key = small.key + "-to-" + s.large_tag;
  t.workload = fmt::format("{} (characterized on {}, carried over to {})", small.workload, s.small_tag, s.large_tag);
  for (const char* name : {"top_idle_dynamic", "top_leakage"}) {
    auto it = t.actions.find(name);
    if (it == t.actions.end()) continue;
    it->second.value *= ratio;
    it->second.source = fmt::format("{}; x {:.3f} (top cell area {:.0f} -> {:.0f} um2, {} -> {})", it->second.source,
                                    ratio, s.small_top_area_um2, s.large_top_area_um2, s.small_tag, s.large_tag);
  }
  t.area.value = s.large_area_um2;
  t.area.source = "the large array's synthesis (" + s.large_tag + ")";
  return t;
}

}  // namespace tpe::hw
