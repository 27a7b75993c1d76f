#include "hw/energy/energy_table.hpp"

#include <stdexcept>

#include <nlohmann/json.hpp>

namespace tpe::hw {

const EnergyFigure& EnergyTable::action(const std::string& name) const {
  auto it = actions.find(name);
  if (it == actions.end()) throw std::runtime_error("energy table " + config_tag + " has no action '" + name + "'");
  return it->second;
}

double EnergyTable::pe_idle_pj(double clock_ns) const {
  return action("pe_idle_dynamic").value + action("pe_leakage").value * clock_ns;
}
double EnergyTable::top_idle_pj(double clock_ns) const {
  return action("top_idle_dynamic").value + action("top_leakage").value * clock_ns;
}

namespace {
nlohmann::json fig(const EnergyFigure& f) {
  return {{"value", f.value}, {"unit", f.unit}, {"per", f.per}, {"source", f.source}};
}
EnergyFigure unfig(const nlohmann::json& j) {
  return {j.at("value").get<double>(), j.at("unit").get<std::string>(), j.at("per").get<std::string>(),
          j.at("source").get<std::string>()};
}
}  // namespace

nlohmann::json to_json(const EnergyTable& t) {
  nlohmann::json acts = nlohmann::json::object();
  for (const auto& [k, f] : t.actions) acts[k] = fig(f);
  return {{"format", t.format},
          {"config_tag", t.config_tag},
          {"key", t.key},
          {"technology",
           {{"node_nm", t.node_nm}, {"voltage_v", t.voltage_v}, {"corner", t.corner}, {"library", t.library}}},
          {"tools", t.tools},
          {"workload", t.workload},
          {"char_clock_ns", t.char_clock_ns},
          {"actions", acts},
          {"area", fig(t.area)},
          {"fmax", fig(t.fmax)},
          {"measured_activity", {{"rates", t.activity_rates}, {"figures", t.activity_figures}}}};
}

EnergyTable energy_table_from_json(const nlohmann::json& j) {
  try {
    EnergyTable t;
    if (j.at("format") != t.format) throw std::runtime_error("format is not " + t.format);
    t.config_tag = j.at("config_tag");
    t.key = j.at("key");
    const auto& tech = j.at("technology");
    t.node_nm = tech.at("node_nm");
    t.voltage_v = tech.at("voltage_v");
    t.corner = tech.at("corner");
    t.library = tech.at("library");
    t.tools = j.at("tools");
    t.workload = j.at("workload");
    t.char_clock_ns = j.at("char_clock_ns");
    for (const auto& [k, v] : j.at("actions").items()) t.actions[k] = unfig(v);
    t.area = unfig(j.at("area"));
    t.fmax = unfig(j.at("fmax"));
    const auto& m = j.at("measured_activity");
    t.activity_rates = m.at("rates").get<std::map<std::string, std::map<std::string, double>>>();
    t.activity_figures = m.at("figures").get<std::map<std::string, double>>();
    return t;
  } catch (const nlohmann::json::exception& e) {
    throw std::runtime_error(std::string("energy table JSON: ") + e.what());
  }
}

}  // namespace tpe::hw
