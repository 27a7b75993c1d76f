#include "models/engine/config_fields.hpp"

#include <cstdlib>

#include <fmt/format.h>

namespace tpe::config {

void fail(const std::string& source, const std::string& field, const std::string& value, const std::string& allowed) {
  throw ConfigError(fmt::format("{}: field '{}' has value {}; allowed: {}", source, field, value, allowed));
}

int64_t get_int(const nlohmann::json& obj, const std::string& key, const std::string& source, int64_t lo, int64_t hi,
                bool required, int64_t fallback, const std::string& path) {
  const std::string allowed = fmt::format("an integer in {}..{}", lo, hi);
  auto it = obj.find(key);
  if (it == obj.end()) {
    if (required) fail(source, path + key, "(missing)", allowed);
    return fallback;
  }
  // dump() shows the value as written, also when it does not fit int64.
  if (!it->is_number_integer() || (it->is_number_unsigned() && it->get<uint64_t>() > uint64_t(hi)))
    fail(source, path + key, it->dump(), allowed);
  const int64_t v = it->get<int64_t>();
  if (v < lo || v > hi) fail(source, path + key, it->dump(), allowed);
  return v;
}

std::string format_json(const char* tag) {
  return fmt::format(R"({{"bits":{},"signed":{}}})", std::atoi(tag + 1), tag[0] == 'i' ? "true" : "false");
}

std::string quoted_list(const std::vector<std::string>& choices) {
  std::string s;
  for (const auto& c : choices) s += (s.empty() ? "" : ", ") + fmt::format("\"{}\"", c);
  return s;
}

std::string get_choice(const nlohmann::json& obj, const std::string& key, const std::string& source,
                       const std::vector<std::string>& choices, bool required) {
  auto it = obj.find(key);
  if (it == obj.end()) {
    if (required) fail(source, key, "(missing)", quoted_list(choices));
    return choices.front();
  }
  if (it->is_string())
    for (const auto& c : choices)
      if (it->get<std::string>() == c) return c;
  fail(source, key, it->dump(), quoted_list(choices));
}

}  // namespace tpe::config
