#include "hw/energy/energy_replay.hpp"

#include <algorithm>
#include <stdexcept>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "hw/energy/family_energy.hpp"
#include "hw/energy/memory_energy.hpp"
#include "models/engine/family_registry.hpp"
#include "models/engine/strict_json.hpp"

namespace tpe::hw {

ActivityDocument parse_activity_trace(const std::string& text, const std::string& source) {
  const nlohmann::json j = parse_json_strict(text, source);
  auto need = [&](const nlohmann::json& o, const char* key, const std::string& where) -> const nlohmann::json& {
    if (!o.is_object() || !o.contains(key))
      throw std::runtime_error(fmt::format("{}: activity trace has no field '{}{}'", source, where, key));
    return o.at(key);
  };
  try {
    if (!j.contains("format") || j["format"] != "tpe-activity-v1")
      throw std::runtime_error(source + ": not a tpe-activity-v1 trace (field 'format')");
    ActivityDocument d;
    d.config_tag = need(j, "config_tag", "").get<std::string>();
    d.config_json = need(j, "config", "").dump();
    const auto& g = need(j, "gemm", "");
    d.gemm = {need(g, "m", "gemm.").get<int>(), need(g, "k", "gemm.").get<int>(), need(g, "n", "gemm.").get<int>()};
    const auto& c = need(j, "counters", "");
    d.trace.cycles = need(c, "cycles", "counters.").get<uint64_t>();
    const auto& a = need(c, "array", "counters.");
    // The counters are the family's: the config says which family.
    const EngineConfig cfg = parse_engine_config(d.config_json, source + " (field 'config')");
    for (const auto& spec : family_of(cfg).spec->counters(cfg)) {
      d.trace.counter_names.push_back(spec.name);
      d.trace.counters.push_back(need(a, spec.name.c_str(), "counters.array.").get<uint64_t>());
    }
    for (const auto& [name, _] : a.items())
      if (std::find(d.trace.counter_names.begin(), d.trace.counter_names.end(), name) == d.trace.counter_names.end())
        throw std::runtime_error(fmt::format("{}: field 'counters.array.{}' is not a counter of family '{}'", source,
                                             name, cfg.family));
    for (const auto& [name, b] : need(c, "buffers", "counters.").items())
      d.trace.buffers[name] = {need(b, "read_bits", "counters.buffers." + name + ".").get<uint64_t>(),
                               need(b, "write_bits", "counters.buffers." + name + ".").get<uint64_t>()};
    if (j.contains("toggles")) {
      if (!j["toggles"].is_object()) throw std::runtime_error(source + ": field 'toggles' is not an object");
      d.toggles.emplace();
      for (const auto& [name, v] : j["toggles"].items()) (*d.toggles)[name] = v.get<uint64_t>();
    }
    return d;
  } catch (const nlohmann::json::exception& e) {
    throw std::runtime_error(source + ": bad activity trace (" + e.what() + ")");
  }
}

void check_trace_matches(const ActivityDocument& doc, const EngineConfig& cfg) {
  if (doc.config_tag != cfg.tag())
    throw std::runtime_error(fmt::format("trace refused: it was made for config '{}', not '{}'", doc.config_tag,
                                         cfg.tag()));
  // Every field of the description but the free-text name must agree.
  nlohmann::json want = cfg.to_json(), got = nlohmann::json::parse(doc.config_json);
  want.erase("name");
  for (const auto& [k, v] : want.items())
    if (!got.contains(k) || got[k] != v)
      throw std::runtime_error(fmt::format("trace refused: config field '{}' is {} in the trace but {} in the config", k,
                                           got.contains(k) ? got[k].dump() : "missing", v.dump()));
}

EnergyReport replay_energy(const EnergyTable& t, const EngineConfig& cfg, const ActivityTrace& tr, const GemmShape& g,
                           const ReplayOptions& opt, const std::map<std::string, uint64_t>* toggles) {
  if (t.config_tag != cfg.tag())
    throw std::runtime_error(fmt::format("energy table is for '{}', not '{}'", t.config_tag, cfg.tag()));
  const FamilyEnergy& fam = *family_of(cfg).energy;
  EnergyReport r;
  r.config_tag = cfg.tag();
  r.clock_ns = opt.clock_ns > 0 ? opt.clock_ns : 1000.0 / t.fmax.value;
  r.macs = double(tr.macs());
  r.cycles = double(tr.cycles);
  r.technology = fmt::format("{:.0f} nm {}, {}; {}", t.node_nm, t.library, t.corner, t.tools);
  const double T = r.clock_ns;
  auto add = [&](const std::string& comp, const std::string& action, double count, const std::string& unit, double each,
                 const std::string& src) {
    r.rows.push_back({comp, action, count, unit, each, count * each, src});
  };
  ToggleCounts counts;
  if (toggles) counts.bits = *toggles;
  auto price = [&](const char* comp, const std::vector<PricedAction>& actions) {
    for (const auto& a : actions) {
      const EnergyFigure& e = t.action(a.action);
      add(comp, a.label, count_of(a.count, tr, counts), a.count_unit, e.value, e.source);
    }
  };
  const double pe_cycles = r.cycles * cfg.pe_count();
  add("array.pe", "idle (clock + leakage)", pe_cycles, "PE-cycles", t.pe_idle_pj(T),
      t.action("pe_idle_dynamic").source + " + leakage x T");
  if (toggles) {
    price("array.pe", fam.pe_actions(cfg));
  } else {
    add("array.pe", "mac", r.macs, "MACs", t.action("mac").value, t.action("mac").source);
    r.notes.push_back("no toggle counts in the trace: MACs priced at the characterization workload's data activity");
  }
  add("array.top", "idle (clock + leakage)", r.cycles, "cycles", t.top_idle_pj(T),
      t.action("top_idle_dynamic").source + " + leakage x T");
  price("array.top", fam.top_actions(cfg));
  for (const auto& row : r.rows) r.array_pj += row.energy_pj;

  if (opt.sram_kib > 0) {
    const MemoryEnergyEntry e = sram_energy_per_bit(opt.sram_kib * 1024.0);
    for (const auto& [name, b] : tr.buffers) {
      const std::string src = fmt::format("{} ({:.0f} nm, {} V; {})", e.source, e.node_nm, e.vdd_v, e.note);
      if (b.read_bits) add("sram." + name, "read", double(b.read_bits), "bits", e.read_pj_per_bit, src);
      if (b.write_bits) add("sram." + name, "write", double(b.write_bits), "bits", e.write_pj_per_bit, src);
      r.sram_pj += b.read_bits * e.read_pj_per_bit + b.write_bits * e.write_pj_per_bit;
    }
    r.notes.push_back(fmt::format("SRAM figures are {:.0f} nm (Horowitz), the array {:.0f} nm: not the same node",
                                  e.node_nm, t.node_nm));
  }
  if (!opt.dram.empty()) {
    const MemoryEnergyEntry& e = dram_energy(opt.dram);
    const double rd = double(g.m) * g.k * cfg.a.bits + double(g.k) * g.n * cfg.b.bits;
    const double wr = double(g.m) * g.n * cfg.acc_bits;
    const std::string src = e.source + (e.note.empty() ? "" : "; " + e.note);
    add("dram", "read A, B once", rd, "bits", e.read_pj_per_bit, src);
    add("dram", "write C once", wr, "bits", e.write_pj_per_bit, src);
    r.dram_pj = rd * e.read_pj_per_bit + wr * e.write_pj_per_bit;
    r.notes.push_back("DRAM traffic is the compulsory one (A and B read once, C written once)");
    r.notes.push_back(fmt::format("DRAM {} at {:.3g} pJ/bit: {}", e.name, e.read_pj_per_bit, src));
  }
  r.total_pj = r.array_pj + r.sram_pj + r.dram_pj;
  const double seconds = r.cycles * T * 1e-9;
  const double ops = 2.0 * r.macs;
  r.pj_per_mac = r.macs > 0 ? r.total_pj / r.macs : 0;
  r.array_pj_per_mac = r.macs > 0 ? r.array_pj / r.macs : 0;
  r.avg_power_mw = seconds > 0 ? r.total_pj * 1e-12 / seconds * 1e3 : 0;
  r.array_power_mw = seconds > 0 ? r.array_pj * 1e-12 / seconds * 1e3 : 0;
  r.tops_per_w = r.total_pj > 0 ? ops / (r.total_pj * 1e-12) / 1e12 : 0;
  r.array_tops_per_w = r.array_pj > 0 ? ops / (r.array_pj * 1e-12) / 1e12 : 0;
  r.tops = seconds > 0 ? ops / seconds / 1e12 : 0;
  r.area_mm2 = t.area.value * 1e-6;
  r.tops_per_mm2 = r.area_mm2 > 0 ? r.tops / r.area_mm2 : 0;
  return r;
}

nlohmann::json to_json(const EnergyReport& r) {
  auto v = [](double x, const char* unit) { return nlohmann::json{{"value", x}, {"unit", unit}}; };
  nlohmann::json rows = nlohmann::json::array();
  for (const auto& row : r.rows)
    rows.push_back({{"component", row.component},
                    {"action", row.action},
                    {"count", row.count},
                    {"count_unit", row.count_unit},
                    {"energy_each", v(row.pj_each, "pJ")},
                    {"energy", v(row.energy_pj, "pJ")},
                    {"source", row.source}});
  return {{"config_tag", r.config_tag},
          {"technology", r.technology},
          {"rows", rows},
          {"array_energy", v(r.array_pj, "pJ")},
          {"sram_energy", v(r.sram_pj, "pJ")},
          {"dram_energy", v(r.dram_pj, "pJ")},
          {"total_energy", v(r.total_pj, "pJ")},
          {"macs", r.macs},
          {"cycles", r.cycles},
          {"clock_period", v(r.clock_ns, "ns")},
          {"energy_per_mac", v(r.pj_per_mac, "pJ")},
          {"array_energy_per_mac", v(r.array_pj_per_mac, "pJ")},
          {"average_power", v(r.avg_power_mw, "mW")},
          {"array_average_power", v(r.array_power_mw, "mW")},
          {"tops_per_w", v(r.tops_per_w, "TOPS/W")},
          {"array_tops_per_w", v(r.array_tops_per_w, "TOPS/W")},
          {"throughput", v(r.tops, "TOPS")},
          {"array_area", v(r.area_mm2, "mm2")},
          {"tops_per_mm2", v(r.tops_per_mm2, "TOPS/mm2")},
          {"notes", r.notes}};
}

std::string format_report(const EnergyReport& r) {
  std::string s = fmt::format("energy {}  ({})\n", r.config_tag, r.technology);
  s += fmt::format("  {:<10} {:<24} {:>14} {:<10} {:>10} {:>14} {:>7}\n", "component", "action", "count", "unit",
                   "pJ each", "energy pJ", "share");
  for (const auto& row : r.rows)
    s += fmt::format("  {:<10} {:<24} {:>14.0f} {:<10} {:>10.4g} {:>14.1f} {:>6.1f}%\n", row.component, row.action,
                     row.count, row.count_unit, row.pj_each, row.energy_pj,
                     r.total_pj > 0 ? 100 * row.energy_pj / r.total_pj : 0);
  s += fmt::format("  total          : {:.1f} pJ (array {:.1f}, SRAM {:.1f}, DRAM {:.1f})\n", r.total_pj, r.array_pj,
                   r.sram_pj, r.dram_pj);
  s += fmt::format("  per MAC        : {:.4f} pJ (array only {:.4f}) over {:.0f} MACs, {:.0f} cycles\n", r.pj_per_mac,
                   r.array_pj_per_mac, r.macs, r.cycles);
  s += fmt::format("  clock          : {:.3f} ns ({:.1f} MHz)\n", r.clock_ns, 1000.0 / r.clock_ns);
  s += fmt::format("  average power  : {:.2f} mW (array {:.2f} mW)\n", r.avg_power_mw, r.array_power_mw);
  s += fmt::format("  efficiency     : {:.4f} TOPS/W (array only {:.4f}), {:.4f} TOPS, {:.5f} TOPS/mm2 on {:.3f} mm2\n",
                   r.tops_per_w, r.array_tops_per_w, r.tops, r.tops_per_mm2, r.area_mm2);
  for (const auto& n : r.notes) s += "  note: " + n + "\n";
  return s;
}

}  // namespace tpe::hw
