#include "models/engine/engine_config.hpp"

#include <fstream>
#include <set>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "models/engine/config_fields.hpp"
#include "models/engine/strict_json.hpp"
#include "models/engine/family_registry.hpp"

namespace tpe {
namespace {

using nlohmann::json;
using config::fail;

// The fields every description has; the family adds its own.
const std::vector<std::string> kCommonFields = {"family", "pe", "a", "b", "acc_bits", "name", "memory"};

IntFormat parse_format(const json& obj, const std::string& key, const std::string& source) {
  auto it = obj.find(key);
  if (it == obj.end()) fail(source, key, "(missing)", "a required field");
  const json& f = *it;
  if (!f.is_object()) fail(source, key, f.dump(), R"(an object like {"bits":8,"signed":true})");
  for (auto& [k, _] : f.items())
    if (k != "bits" && k != "signed") fail(source, key + "." + k, "(unknown field)", "'bits', 'signed'");
  IntFormat fmt_;
  fmt_.bits = int(config::get_int(f, "bits", source, ConfigLimits::kMinOperandBits, ConfigLimits::kMaxOperandBits,
                                  true, 8, key + "."));
  auto s = f.find("signed");
  if (s != f.end()) {
    if (!s->is_boolean()) fail(source, key + ".signed", s->dump(), "true or false");
    fmt_.is_signed = s->get<bool>();
  }
  return fmt_;
}

void validate_common(const EngineConfig& c, const std::string& source) {
  auto range = [&](const char* field, int v, int lo, int hi) {
    if (v < lo || v > hi) fail(source, field, std::to_string(v), fmt::format("an integer in {}..{}", lo, hi));
  };
  range("a.bits", c.a.bits, ConfigLimits::kMinOperandBits, ConfigLimits::kMaxOperandBits);
  range("b.bits", c.b.bits, ConfigLimits::kMinOperandBits, ConfigLimits::kMaxOperandBits);
  range("acc_bits", c.acc_bits, ConfigLimits::kMinAccBits, ConfigLimits::kMaxAccBits);
  const auto pes = find_family(c.family, source).spec->pe_variants();
  bool known = false;
  for (const auto& p : pes) known |= p == c.pe;
  if (!known) fail(source, "pe", json(c.pe).dump(), config::quoted_list(pes) + " for family \"" + c.family + "\"");
}

}  // namespace

int64_t EngineConfig::integer(const std::string& field) const {
  auto it = params.find(field);
  if (it == params.end() || !std::holds_alternative<int64_t>(it->second))
    throw std::logic_error(fmt::format("engine description of family '{}' has no integer field '{}'", family, field));
  return std::get<int64_t>(it->second);
}

const std::string& EngineConfig::text(const std::string& field) const {
  auto it = params.find(field);
  if (it == params.end() || !std::holds_alternative<std::string>(it->second))
    throw std::logic_error(fmt::format("engine description of family '{}' has no text field '{}'", family, field));
  return std::get<std::string>(it->second);
}

int EngineConfig::pe_count() const { return family_of(*this).spec->pe_count(*this); }

std::string EngineConfig::tag() const { return family_of(*this).spec->tag(*this); }

nlohmann::json EngineConfig::to_json() const {
  json j = {{"family", family},
            {"pe", pe},
            {"a", {{"bits", a.bits}, {"signed", a.is_signed}}},
            {"b", {{"bits", b.bits}, {"signed", b.is_signed}}},
            {"acc_bits", acc_bits},
            {"name", name}};
  family_of(*this).spec->params_to_json(*this, j);
  if (memory) j["memory"] = memory_to_json(*memory);
  return j;
}

void validate(const EngineConfig& c, const std::string& source) {
  validate_common(c, source);
  find_family(c.family, source).spec->validate(c, source);
}

EngineConfig parse_engine_config(const std::string& text, const std::string& source) {
  // Malformed text, keys given twice and out-of-range numbers are refused
  // naming the file and the field.
  const json j = parse_json_strict(text, source);
  if (!j.is_object()) throw ConfigError(fmt::format("{}: expected a JSON object at the top level", source));
  auto fam = j.find("family");
  if (fam == j.end()) fail(source, "family", "(missing)", config::quoted_list(registered_families()));
  if (!fam->is_string()) fail(source, "family", fam->dump(), config::quoted_list(registered_families()));
  EngineConfig c;
  c.family = fam->get<std::string>();
  const FamilySpec& spec = *find_family(c.family, source).spec;
  // A field of another family (or a typo) is named with the fields this family has.
  std::vector<std::string> known = kCommonFields;
  for (const auto& f : spec.fields()) known.push_back(f);
  for (auto& [k, _] : j.items()) {
    bool ok = false;
    for (const auto& n : known) ok |= (k == n);
    if (!ok) {
      std::string list;
      for (const auto& n : known) list += (list.empty() ? "" : ", ") + n;
      fail(source, k, "(unknown field)", fmt::format("{} (family \"{}\")", list, c.family));
    }
  }
  c.pe = config::get_choice(j, "pe", source, spec.pe_variants(), false);
  c.a = parse_format(j, "a", source);
  c.b = parse_format(j, "b", source);
  c.acc_bits = int(config::get_int(j, "acc_bits", source, ConfigLimits::kMinAccBits, ConfigLimits::kMaxAccBits, true));
  if (auto it = j.find("name"); it != j.end()) {
    if (!it->is_string()) fail(source, "name", it->dump(), "a string");
    c.name = it->get<std::string>();
  }
  if (auto it = j.find("memory"); it != j.end()) c.memory = parse_memory_config(*it, source);
  spec.parse(j, c, source);
  validate(c, source);
  if (c.name.empty()) c.name = c.tag();
  return c;
}

EngineConfig load_engine_config(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw ConfigError(fmt::format("{}: cannot open config file", path));
  std::stringstream ss;
  ss << in.rdbuf();
  return parse_engine_config(ss.str(), path);
}

}  // namespace tpe
