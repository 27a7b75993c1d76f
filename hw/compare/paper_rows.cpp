#include "hw/compare/paper_rows.hpp"

#include <fmt/format.h>

#include "models/engine/config_fields.hpp"
#include "models/engine/family_registry.hpp"

namespace tpe::hw {

RowKind row_kind(const nlohmann::json& row, const std::string& file, size_t index) {
  if (!row.contains("kind")) return RowKind::PePair;
  const std::string field = fmt::format("rows[{}].kind", index);
  const std::string allowed = "\"pe_pair\", \"equal_throughput\", \"equal_area\"";
  if (!row["kind"].is_string()) config::fail(file, field, row["kind"].dump(), allowed);
  const std::string k = row["kind"];
  if (k == "pe_pair") return RowKind::PePair;
  if (k == "equal_throughput") return RowKind::EqualThroughput;
  if (k == "equal_area") return RowKind::EqualArea;
  config::fail(file, field, "\"" + k + "\"", allowed);
}

std::string to_string(RowKind k) {
  return k == RowKind::PePair ? "pe_pair" : k == RowKind::EqualThroughput ? "equal_throughput" : "equal_area";
}

void check_row_sizing(RowKind k, const EngineConfig& base, const EngineConfig& opt, const std::string& file,
                      size_t index) {
  if (k != RowKind::EqualThroughput) return;
  const int pb = family_of(base).spec->peak_macs_per_cycle(base), po = family_of(opt).spec->peak_macs_per_cycle(opt);
  if (pb != po)
    config::fail(file, fmt::format("rows[{}].optimized", index), opt.tag(),
                 fmt::format("an engine of {} peak MACs/cycle, the baseline {}'s (it has {})", pb, base.tag(), po));
}

double gops_per_mm2(const EngineFigures& e, bool at_layer_throughput) {
  const double macs_per_cycle =
      at_layer_throughput ? (e.layer_cycles > 0 ? e.layer_macs / e.layer_cycles : 0) : e.peak_macs_per_cycle;
  const double gops = 2.0 * macs_per_cycle * e.fmax_mhz / 1000.0;
  return e.area_um2 > 0 ? gops / (e.area_um2 * 1e-6) : 0;
}

RowRatios row_ratios(RowKind k, const EngineFigures& base, const EngineFigures& opt) {
  RowRatios r;
  r.energy_eff = base.tops_per_w > 0 ? opt.tops_per_w / base.tops_per_w : 0;
  if (k == RowKind::PePair) {
    r.area_eff = gops_per_mm2(opt, false) / gops_per_mm2(base, false);
  } else if (k == RowKind::EqualThroughput) {
    r.area_eff = gops_per_mm2(opt, true) / gops_per_mm2(base, true);
  } else {
    // Throughput per um2 of one PE: a MAC PE 1 MAC/cycle, a bit-slice PE its
    // share of the layer's MACs per cycle; each at its own Fmax.
    const double mac = 1.0 * base.fmax_mhz / base.pe_area_um2;
    const double bs = opt.layer_macs / opt.layer_cycles / opt.pe_count * opt.fmax_mhz / opt.pe_area_um2;
    r.area_eff = bs / mac;
  }
  return r;
}

}  // namespace tpe::hw
