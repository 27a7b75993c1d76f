#include "models/engine/engine_config.hpp"

#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace tpe {
namespace {

using nlohmann::json;

[[noreturn]] void fail(const std::string& source, const std::string& field, const std::string& value,
                       const std::string& allowed) {
  throw ConfigError(fmt::format("{}: field '{}' has value {}; allowed: {}", source, field, value, allowed));
}

const json& require(const json& obj, const std::string& key, const std::string& path, const std::string& source) {
  auto it = obj.find(key);
  if (it == obj.end()) fail(source, path + key, "(missing)", "a required field");
  return *it;
}

int get_int(const json& obj, const std::string& key, const std::string& path, const std::string& source, int lo,
            int hi, bool required, int fallback) {
  auto it = obj.find(key);
  if (it == obj.end()) {
    if (required) fail(source, path + key, "(missing)", fmt::format("an integer in {}..{}", lo, hi));
    return fallback;
  }
  // dump() shows the value as written, also when it does not fit int64.
  if (!it->is_number_integer() || (it->is_number_unsigned() && it->get<uint64_t>() > uint64_t(hi)))
    fail(source, path + key, it->dump(), fmt::format("an integer in {}..{}", lo, hi));
  int64_t v = it->get<int64_t>();
  if (v < lo || v > hi) fail(source, path + key, it->dump(), fmt::format("an integer in {}..{}", lo, hi));
  return int(v);
}

IntFormat parse_format(const json& obj, const std::string& key, const std::string& source) {
  const json& f = require(obj, key, "", source);
  if (!f.is_object()) fail(source, key, f.dump(), R"(an object like {"bits":8,"signed":true})");
  for (auto& [k, _] : f.items())
    if (k != "bits" && k != "signed") fail(source, key + "." + k, "(unknown field)", "'bits', 'signed'");
  IntFormat fmt_;
  fmt_.bits = get_int(f, "bits", key + ".", source, ConfigLimits::kMinOperandBits, ConfigLimits::kMaxOperandBits,
                      true, 8);
  auto s = f.find("signed");
  if (s != f.end()) {
    if (!s->is_boolean()) fail(source, key + ".signed", s->dump(), "true or false");
    fmt_.is_signed = s->get<bool>();
  }
  return fmt_;
}

template <class E, size_t N>
E parse_enum(const json& obj, const std::string& key, const std::string& source,
             const std::pair<const char*, E> (&choices)[N], bool required, E fallback) {
  std::string allowed;
  for (auto& c : choices) allowed += (allowed.empty() ? "" : ", ") + fmt::format("\"{}\"", c.first);
  auto it = obj.find(key);
  if (it == obj.end()) {
    if (required) fail(source, key, "(missing)", allowed);
    return fallback;
  }
  if (it->is_string())
    for (auto& c : choices)
      if (it->get<std::string>() == c.first) return c.second;
  fail(source, key, it->dump(), allowed);
}

constexpr std::pair<const char*, Family> kFamilies[] = {{"systolic", Family::Systolic}};
constexpr std::pair<const char*, Dataflow> kDataflows[] = {{"os", Dataflow::OutputStationary},
                                                          {"ws", Dataflow::WeightStationary}};
constexpr std::pair<const char*, PeKind> kPeKinds[] = {{"baseline", PeKind::Baseline}, {"opt1", PeKind::Opt1}};

}  // namespace

const char* to_string(Family) { return "systolic"; }
const char* to_string(Dataflow d) { return d == Dataflow::OutputStationary ? "os" : "ws"; }
const char* to_string(PeKind p) { return p == PeKind::Baseline ? "baseline" : "opt1"; }

std::string EngineConfig::tag() const {
  std::string t = fmt::format("{}_{}_{}x{}_{}{}_acc{}", to_string(family), to_string(dataflow), rows, cols, a.tag(),
                              b.tag(), acc_bits);
  if (pe != PeKind::Baseline) t += std::string("_") + to_string(pe);
  return t;
}

nlohmann::json EngineConfig::to_json() const {
  return json{{"family", to_string(family)},
              {"dataflow", to_string(dataflow)},
              {"pe", to_string(pe)},
              {"rows", rows},
              {"cols", cols},
              {"a", {{"bits", a.bits}, {"signed", a.is_signed}}},
              {"b", {{"bits", b.bits}, {"signed", b.is_signed}}},
              {"acc_bits", acc_bits},
              {"name", name}};
}

void validate(const EngineConfig& c, const std::string& source) {
  auto range = [&](const char* field, int v, int lo, int hi) {
    if (v < lo || v > hi) fail(source, field, std::to_string(v), fmt::format("an integer in {}..{}", lo, hi));
  };
  range("rows", c.rows, ConfigLimits::kMinDim, ConfigLimits::kMaxDim);
  range("cols", c.cols, ConfigLimits::kMinDim, ConfigLimits::kMaxDim);
  range("a.bits", c.a.bits, ConfigLimits::kMinOperandBits, ConfigLimits::kMaxOperandBits);
  range("b.bits", c.b.bits, ConfigLimits::kMinOperandBits, ConfigLimits::kMaxOperandBits);
  range("acc_bits", c.acc_bits, ConfigLimits::kMinAccBits, ConfigLimits::kMaxAccBits);
  // The OPT1 PE (carry-save accumulation) is built for the OS array, whose
  // accumulators stay in place; its design point keeps a whole product in
  // the accumulator, as the seed paper's INT8 x INT8 -> INT32 does.
  if (c.pe == PeKind::Opt1) {
    if (c.dataflow != Dataflow::OutputStationary)
      fail(source, "pe", "\"opt1\"", "\"opt1\" only with \"dataflow\":\"os\" (use \"baseline\" for ws)");
    if (c.acc_bits < c.a.bits + c.b.bits)
      fail(source, "acc_bits", std::to_string(c.acc_bits),
           fmt::format("at least a.bits + b.bits = {} with \"pe\":\"opt1\"", c.a.bits + c.b.bits));
  }
}

EngineConfig parse_engine_config(const std::string& text, const std::string& source) {
  json j;
  try {
    j = json::parse(text);
  } catch (const json::parse_error& e) {
    throw ConfigError(fmt::format("{}: malformed JSON: {}", source, e.what()));
  }
  if (!j.is_object()) throw ConfigError(fmt::format("{}: expected a JSON object at the top level", source));
  static const char* known[] = {"family", "dataflow", "pe", "rows", "cols", "a", "b", "acc_bits", "name"};
  for (auto& [k, _] : j.items()) {
    bool ok = false;
    for (auto* n : known) ok |= (k == n);
    if (!ok)
      fail(source, k, "(unknown field)",
           "family, dataflow, pe, rows, cols, a, b, acc_bits, name");
  }
  EngineConfig c;
  c.family = parse_enum(j, "family", source, kFamilies, true, Family::Systolic);
  c.dataflow = parse_enum(j, "dataflow", source, kDataflows, true, Dataflow::OutputStationary);
  c.pe = parse_enum(j, "pe", source, kPeKinds, false, PeKind::Baseline);
  c.rows = get_int(j, "rows", "", source, ConfigLimits::kMinDim, ConfigLimits::kMaxDim, true, 0);
  c.cols = get_int(j, "cols", "", source, ConfigLimits::kMinDim, ConfigLimits::kMaxDim, true, 0);
  c.a = parse_format(j, "a", source);
  c.b = parse_format(j, "b", source);
  c.acc_bits = get_int(j, "acc_bits", "", source, ConfigLimits::kMinAccBits, ConfigLimits::kMaxAccBits, true, 0);
  if (auto it = j.find("name"); it != j.end()) {
    if (!it->is_string()) fail(source, "name", it->dump(), "a string");
    c.name = it->get<std::string>();
  }
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
