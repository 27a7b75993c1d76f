#include "hw/synth/synth_report_json.hpp"

namespace tpe::hw {

using nlohmann::json;

namespace {
json fig(double v, const char* unit) { return json{{"value", v}, {"unit", unit}}; }
json fig(long v, const char* unit) { return json{{"value", v}, {"unit", unit}}; }
double dval(const json& j, const char* key) { return j.at(key).at("value").get<double>(); }
long lval(const json& j, const char* key) { return j.at(key).at("value").get<long>(); }
}  // namespace

json to_json(const SynthReport& r) {
  json j;
  j["top"] = r.top;
  j["source"] = r.source;
  j["tools"] = {{"yosys", r.yosys_version}, {"sta", r.sta_version}};
  const auto& t = r.technology;
  j["technology"] = {{"node", fig(t.node_nm, "nm")},
                     {"library", t.library_name},
                     {"liberty_path", t.liberty_path},
                     {"voltage", fig(t.voltage_v, "V")},
                     {"temperature", fig(t.temperature_c, "C")},
                     {"process", fig(t.process, "nom_process")},
                     {"corner", t.corner},
                     {"nand2_cell", t.nand2_cell},
                     {"nand2_area", fig(t.nand2_area_um2, "um^2")}};
  j["area"] = {{"total", fig(r.total_area_um2, "um^2")},
               {"yosys_total", fig(r.yosys_total_area_um2, "um^2")},
               {"nand2_equivalents", fig(r.nand2_equivalents, "NAND2X1 gates")}};
  j["cells"] = fig(r.total_cells, "cells");
  j["flip_flops"] = fig(r.total_ffs, "flip-flops");
  j["latches"] = fig(r.total_latches, "latches");
  json mods = json::array();
  for (const auto& m : r.modules) {
    mods.push_back({{"name", m.name},
                    {"instances", fig(m.instances, "copies")},
                    {"own_area", fig(m.own_area_um2, "um^2")},
                    {"own_cells", fig(m.own_cells, "cells")},
                    {"own_flip_flops", fig(m.own_ffs, "flip-flops")},
                    {"own_latches", fig(m.own_latches, "latches")},
                    {"cell_types", m.cell_types},
                    {"submodules", m.submodules},
                    {"total_area", fig(m.total_area_um2, "um^2")},
                    {"total_cells", fig(m.total_cells, "cells")},
                    {"total_flip_flops", fig(m.total_ffs, "flip-flops")},
                    {"standalone",
                     {{"run", m.standalone},
                      {"critical_path", fig(m.standalone_critical_path_ns, "ns")},
                      {"fmax", fig(m.standalone_fmax_mhz, "MHz")},
                      {"dynamic", fig(m.standalone_dynamic_mw, "mW")},
                      {"leakage", fig(m.standalone_leakage_mw, "mW")},
                      {"total", fig(m.standalone_total_mw, "mW")}}}});
  }
  j["modules"] = mods;
  const auto& tm = r.timing;
  j["timing"] = {{"clock_period", fig(tm.clock_period_ns, "ns")},
                 {"path_found", tm.path_found},
                 {"startpoint", tm.startpoint},
                 {"endpoint", tm.endpoint},
                 {"arrival", fig(tm.arrival_ns, "ns")},
                 {"setup", fig(tm.setup_ns, "ns")},
                 {"slack", fig(tm.slack_ns, "ns")},
                 {"critical_path", fig(tm.critical_path_ns, "ns")},
                 {"fmax", fig(tm.fmax_mhz, "MHz")},
                 {"worst_stage", fig(tm.worst_stage_ns, "ns")},
                 {"worst_stage_pin", tm.worst_stage_pin}};
  const auto& p = r.power;
  j["power"] = {{"clock", fig(p.clock_mhz, "MHz")},
                {"input_activity", fig(p.input_activity, "toggles/cycle")},
                {"input_duty", fig(p.input_duty, "fraction high")},
                {"net_activities", p.net_activities},
                {"internal", fig(p.internal_mw, "mW")},
                {"switching", fig(p.switching_mw, "mW")},
                {"dynamic", fig(p.dynamic_mw, "mW")},
                {"leakage", fig(p.leakage_mw, "mW")},
                {"total", fig(p.total_mw, "mW")},
                {"sequential", fig(p.sequential_mw, "mW")},
                {"combinational", fig(p.combinational_mw, "mW")},
                {"energy_per_cycle", fig(p.energy_per_cycle_pj, "pJ")}};
  j["top_own_power"] = {{"total", fig(r.top_own_total_mw, "mW")},
                         {"dynamic", fig(r.top_own_dynamic_mw, "mW")},
                         {"leakage", fig(r.top_own_leakage_mw, "mW")}};
  j["hierarchical_estimate"] = {{"available", r.has_hierarchical},
                                 {"total", fig(r.hierarchical_total_mw, "mW")},
                                 {"dynamic", fig(r.hierarchical_dynamic_mw, "mW")},
                                 {"leakage", fig(r.hierarchical_leakage_mw, "mW")},
                                 {"fmax", fig(r.hierarchical_fmax_mhz, "MHz")}};
  j["warnings"] = r.warnings;
  j["run"] = {{"cache_key", r.cache_key},
              {"dir", r.run_dir},
              {"yosys_time", fig(r.yosys_seconds, "s")},
              {"sta_time", fig(r.sta_seconds, "s")},
              {"from_cache", r.from_cache}};
  return j;
}

SynthReport synth_report_from_json(const json& j) {
  SynthReport r;
  r.top = j.at("top");
  r.source = j.at("source");
  r.yosys_version = j.at("tools").at("yosys");
  r.sta_version = j.at("tools").at("sta");
  const auto& t = j.at("technology");
  r.technology.node_nm = dval(t, "node");
  r.technology.library_name = t.at("library");
  r.technology.liberty_path = t.at("liberty_path");
  r.technology.voltage_v = dval(t, "voltage");
  r.technology.temperature_c = dval(t, "temperature");
  r.technology.process = dval(t, "process");
  r.technology.corner = t.at("corner");
  r.technology.nand2_cell = t.at("nand2_cell");
  r.technology.nand2_area_um2 = dval(t, "nand2_area");
  r.total_area_um2 = dval(j.at("area"), "total");
  r.yosys_total_area_um2 = dval(j.at("area"), "yosys_total");
  r.nand2_equivalents = dval(j.at("area"), "nand2_equivalents");
  r.total_cells = lval(j, "cells");
  r.total_ffs = lval(j, "flip_flops");
  r.total_latches = lval(j, "latches");
  for (const auto& m : j.at("modules")) {
    ModuleFigures f;
    f.name = m.at("name");
    f.instances = lval(m, "instances");
    f.own_area_um2 = dval(m, "own_area");
    f.own_cells = lval(m, "own_cells");
    f.own_ffs = lval(m, "own_flip_flops");
    f.own_latches = lval(m, "own_latches");
    f.cell_types = m.at("cell_types").get<std::map<std::string, long>>();
    f.submodules = m.at("submodules").get<std::map<std::string, long>>();
    f.total_area_um2 = dval(m, "total_area");
    f.total_cells = lval(m, "total_cells");
    f.total_ffs = lval(m, "total_flip_flops");
    const auto& sa = m.at("standalone");
    f.standalone = sa.at("run");
    f.standalone_critical_path_ns = dval(sa, "critical_path");
    f.standalone_fmax_mhz = dval(sa, "fmax");
    f.standalone_dynamic_mw = dval(sa, "dynamic");
    f.standalone_leakage_mw = dval(sa, "leakage");
    f.standalone_total_mw = dval(sa, "total");
    r.modules.push_back(f);
  }
  const auto& tm = j.at("timing");
  r.timing.clock_period_ns = dval(tm, "clock_period");
  r.timing.path_found = tm.at("path_found");
  r.timing.startpoint = tm.at("startpoint");
  r.timing.endpoint = tm.at("endpoint");
  r.timing.arrival_ns = dval(tm, "arrival");
  r.timing.setup_ns = dval(tm, "setup");
  r.timing.slack_ns = dval(tm, "slack");
  r.timing.critical_path_ns = dval(tm, "critical_path");
  r.timing.fmax_mhz = dval(tm, "fmax");
  r.timing.worst_stage_ns = dval(tm, "worst_stage");
  r.timing.worst_stage_pin = tm.at("worst_stage_pin");
  const auto& p = j.at("power");
  r.power.clock_mhz = dval(p, "clock");
  r.power.input_activity = dval(p, "input_activity");
  r.power.input_duty = dval(p, "input_duty");
  r.power.net_activities = p.at("net_activities").get<std::map<std::string, double>>();
  r.power.internal_mw = dval(p, "internal");
  r.power.switching_mw = dval(p, "switching");
  r.power.dynamic_mw = dval(p, "dynamic");
  r.power.leakage_mw = dval(p, "leakage");
  r.power.total_mw = dval(p, "total");
  r.power.sequential_mw = dval(p, "sequential");
  r.power.combinational_mw = dval(p, "combinational");
  r.power.energy_per_cycle_pj = dval(p, "energy_per_cycle");
  r.top_own_total_mw = dval(j.at("top_own_power"), "total");
  r.top_own_dynamic_mw = dval(j.at("top_own_power"), "dynamic");
  r.top_own_leakage_mw = dval(j.at("top_own_power"), "leakage");
  const auto& h = j.at("hierarchical_estimate");
  r.has_hierarchical = h.at("available");
  r.hierarchical_total_mw = dval(h, "total");
  r.hierarchical_dynamic_mw = dval(h, "dynamic");
  r.hierarchical_leakage_mw = dval(h, "leakage");
  r.hierarchical_fmax_mhz = dval(h, "fmax");
  r.warnings = j.at("warnings").get<std::vector<std::string>>();
  r.cache_key = j.at("run").at("cache_key");
  r.run_dir = j.at("run").at("dir");
  r.yosys_seconds = dval(j.at("run"), "yosys_time");
  r.sta_seconds = dval(j.at("run"), "sta_time");
  r.from_cache = j.at("run").at("from_cache");
  return r;
}

}  // namespace tpe::hw
