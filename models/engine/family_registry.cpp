#include "models/engine/family_registry.hpp"

#include <map>
#include <stdexcept>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "models/engine/config_fields.hpp"

namespace tpe {
namespace {

std::map<std::string, EngineFamily>& table() {
  static std::map<std::string, EngineFamily> families;
  return families;
}

}  // namespace

void register_family(EngineFamily f) {
  if (!f.spec || !f.sim || !f.rtl || !f.energy)
    throw std::logic_error("register_family: a family needs all four parts (spec, sim, rtl, energy)");
  const std::string name = f.spec->name();
  if (!table().emplace(name, std::move(f)).second)
    throw std::logic_error(fmt::format("register_family: family '{}' is registered twice", name));
}

const EngineFamily& find_family(const std::string& name, const std::string& source) {
  if (table().empty())
    throw std::logic_error("no engine family is registered: call tpe::register_builtin_families() first");
  auto it = table().find(name);
  if (it == table().end()) config::fail(source, "family", nlohmann::json(name).dump(), config::quoted_list(registered_families()));
  return it->second;
}

const EngineFamily& family_of(const EngineConfig& cfg) { return find_family(cfg.family); }

std::vector<std::string> registered_families() {
  std::vector<std::string> names;
  for (const auto& [n, _] : table()) names.push_back(n);
  return names;
}

}  // namespace tpe
