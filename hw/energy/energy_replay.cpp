#include "hw/energy/energy_replay.hpp"

#include "models/gemm/gemm_limits.hpp"
#include <algorithm>
#include <stdexcept>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "hw/energy/family_energy.hpp"
#include "hw/energy/memory_energy.hpp"
#include "models/engine/config_fields.hpp"
#include "models/engine/family_registry.hpp"
#include "models/engine/strict_json.hpp"

namespace tpe::hw {

namespace {

// A counter: a JSON integer in 0..2^64-1. Negative values (which would wrap
// to 2^64), fractions and numbers beyond 2^64 (parsed as doubles: 1e30) are
// refused naming the field.
uint64_t count_field(const nlohmann::json& v, const std::string& source, const std::string& field) {
  if (!v.is_number_unsigned())
    config::fail(source, field, v.dump(), "an integer in 0..18446744073709551615");
  return v.get<uint64_t>();
}

}  // namespace

ActivityDocument parse_activity_trace(const std::string& text, const std::string& source) {
  const nlohmann::json j = parse_json_strict(text, source);
  auto need = [&](const nlohmann::json& o, const char* key, const std::string& where) -> const nlohmann::json& {
    if (!o.is_object() || !o.contains(key))
      throw std::runtime_error(fmt::format("{}: activity trace has no field '{}{}'", source, where, key));
    return o.at(key);
  };
  auto count = [&](const nlohmann::json& o, const std::string& key, const std::string& where) {
    return count_field(need(o, key.c_str(), where), source, where + key);
  };
  try {
    if (!j.contains("format") || j["format"] != "tpe-activity-v1")
      throw std::runtime_error(source + ": not a tpe-activity-v1 trace (field 'format')");
    ActivityDocument d;
    d.config_tag = need(j, "config_tag", "").get<std::string>();
    d.config_json = need(j, "config", "").dump();
    const auto& g = need(j, "gemm", "");
    int mkn[3];
    for (int i = 0; i < 3; ++i) {
      const char* key = i == 0 ? "m" : i == 1 ? "k" : "n";
      const uint64_t v = count(g, key, "gemm.");
      if (v < 1 || v > kMaxGemmDim) config::fail(source, std::string("gemm.") + key, std::to_string(v), fmt::format("an integer in 1..{}", kMaxGemmDim));
      mkn[i] = int(v);
    }
    d.gemm = {mkn[0], mkn[1], mkn[2]};
    const auto& c = need(j, "counters", "");
    d.trace.cycles = count(c, "cycles", "counters.");
    const auto& a = need(c, "array", "counters.");
    // The counters are the family's: the config says which family.
    const EngineConfig cfg = parse_engine_config(d.config_json, source + " (field 'config')");
    if (cfg.tag() != d.config_tag)
      config::fail(source, "config_tag", "\"" + d.config_tag + "\"",
                   fmt::format("\"{}\", the tag of the trace's own field 'config'", cfg.tag()));
    for (const auto& spec : family_of(cfg).spec->counters(cfg)) {
      d.trace.counter_names.push_back(spec.name);
      d.trace.counters.push_back(count(a, spec.name, "counters.array."));
    }
    for (const auto& [name, _] : a.items())
      if (std::find(d.trace.counter_names.begin(), d.trace.counter_names.end(), name) == d.trace.counter_names.end())
        throw std::runtime_error(fmt::format("{}: field 'counters.array.{}' is not a counter of family '{}'", source,
                                             name, cfg.family));
    const auto& bufs = need(c, "buffers", "counters.");
    for (const char* name : {"a", "b", "c"}) need(bufs, name, "counters.buffers.");  // SRAM pricing needs all three
    for (const auto& [name, b] : bufs.items())
      d.trace.buffers[name] = {count(b, "read_bits", "counters.buffers." + name + "."),
                               count(b, "write_bits", "counters.buffers." + name + ".")};
    if (j.contains("toggles")) {
      if (!j["toggles"].is_object()) throw std::runtime_error(source + ": field 'toggles' is not an object");
      d.toggles.emplace();
      for (const auto& [name, v] : j["toggles"].items()) (*d.toggles)[name] = count_field(v, source, "toggles." + name);
    }
    check_activity_consistent(d.trace, d.gemm, cfg, source);
    return d;
  } catch (const nlohmann::json::exception& e) {
    throw std::runtime_error(source + ": bad activity trace (" + e.what() + ")");
  }
}

void check_activity_consistent(const ActivityTrace& tr, const GemmShape& g, const EngineConfig& cfg,
                               const std::string& source) {
  const FamilySpec& spec = *family_of(cfg).spec;
  const uint64_t useful = uint64_t(g.m) * uint64_t(g.k) * uint64_t(g.n);
  if (tr.cycles < 1) config::fail(source, "counters.cycles", "0", "an integer >= 1 (a GEMM takes cycles)");
  // The cycles of a family with a closed form are fixed by the shape.
  if (const auto want = spec.closed_form_cycles(cfg, g); want && tr.cycles != *want)
    config::fail(source, "counters.cycles", std::to_string(tr.cycles),
                 fmt::format("{} (the closed-form count of GEMM {} on {})", *want, g.str(), cfg.tag()));
  // Every useful MAC happens at least once (padded lanes may add more), and
  // never more than the array's peak per cycle.
  const uint64_t macs = tr.macs();
  const uint64_t peak = uint64_t(spec.peak_macs_per_cycle(cfg));
  const uint64_t most = tr.cycles > UINT64_MAX / peak ? UINT64_MAX : tr.cycles * peak;
  if (macs < useful || macs > most)
    config::fail(source, "counters.array.mac", std::to_string(macs),
                 fmt::format("an integer in {}..{} (GEMM {}: {} MACs; {} cycles x {} MACs/cycle peak)", useful, most,
                             g.str(), useful, tr.cycles, peak));
  // Each result is written out once at least: M x N words of acc_bits.
  const auto c = tr.buffers.find("c");
  const uint64_t c_bits = useful / uint64_t(g.k) * uint64_t(cfg.acc_bits);
  if (c != tr.buffers.end() && c->second.write_bits < c_bits)
    config::fail(source, "counters.buffers.c.write_bits", std::to_string(c->second.write_bits),
                 fmt::format("an integer >= {} (M x N results of {} bits)", c_bits, cfg.acc_bits));
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
  // The GEMM's own MACs: the per-MAC and per-op figures divide by these, not
  // by the array's MAC operations, which include the padding of partial tiles
  // (energy spent on zeros is overhead, not work).
  r.useful_macs = opt.useful_macs > 0 ? opt.useful_macs : double(g.m) * double(g.k) * double(g.n);
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
  const double ops = 2.0 * r.useful_macs;
  r.pj_per_mac = r.useful_macs > 0 ? r.total_pj / r.useful_macs : 0;
  r.array_pj_per_mac = r.useful_macs > 0 ? r.array_pj / r.useful_macs : 0;
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
          {"macs", uint64_t(r.useful_macs)},
          {"array_mac_operations", uint64_t(r.macs)},
          {"cycles", uint64_t(r.cycles)},
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
  s += fmt::format("  per MAC        : {:.4f} pJ (array only {:.4f}) over the GEMM's {:.0f} MACs ({:.0f} array MAC "
                   "operations with padding), {:.0f} cycles\n",
                   r.pj_per_mac, r.array_pj_per_mac, r.useful_macs, r.macs, r.cycles);
  s += fmt::format("  clock          : {:.3f} ns ({:.1f} MHz)\n", r.clock_ns, 1000.0 / r.clock_ns);
  s += fmt::format("  average power  : {:.2f} mW (array {:.2f} mW)\n", r.avg_power_mw, r.array_power_mw);
  s += fmt::format("  efficiency     : {:.4f} TOPS/W (array only {:.4f}), {:.4f} TOPS, {:.5f} TOPS/mm2 on {:.3f} mm2\n",
                   r.tops_per_w, r.array_tops_per_w, r.tops, r.tops_per_mm2, r.area_mm2);
  for (const auto& n : r.notes) s += "  note: " + n + "\n";
  return s;
}

}  // namespace tpe::hw
