#include "models/engine/strict_json.hpp"

#include <set>
#include <vector>

#include <fmt/format.h>

#include "models/engine/config_fields.hpp"

namespace tpe {

nlohmann::json parse_json_strict(const std::string& text, const std::string& source) {
  using json = nlohmann::json;
  // The key path of the value being parsed (for messages) and one set of
  // keys per open object (for duplicates).
  std::vector<std::string> path;
  std::vector<std::set<std::string>> keys;
  std::string duplicate;
  auto dotted = [&] {
    std::string s;
    for (const auto& k : path) s += (s.empty() ? "" : ".") + k;
    return s;
  };
  auto on_event = [&](int depth, json::parse_event_t event, json& parsed) {
    const size_t d = size_t(depth);
    if (event == json::parse_event_t::object_start) {
      keys.resize(d + 1);
      keys[d].clear();
    } else if (event == json::parse_event_t::key && depth >= 1) {
      const std::string key = parsed.get<std::string>();
      path.resize(d - 1);
      path.push_back(key);
      if (duplicate.empty() && !keys[d - 1].insert(key).second) duplicate = dotted();
    } else if (event == json::parse_event_t::object_end) {
      path.resize(std::min(path.size(), d));
    }
    return true;
  };
  json j;
  try {
    j = json::parse(text, on_event);
  } catch (const json::out_of_range& e) {
    // 406: "number overflow parsing '1e400'": name the field it belongs to.
    const std::string what = e.what();
    const size_t q = what.find('\'');
    const std::string value = q == std::string::npos ? what : what.substr(q + 1, what.rfind('\'') - q - 1);
    config::fail(source, path.empty() ? "(top level)" : dotted(), value, "a number within the range of a double (about 1.8e308)");
  } catch (const json::exception& e) {
    throw ConfigError(fmt::format("{}: malformed JSON: {}", source, e.what()));
  }
  if (!duplicate.empty()) config::fail(source, duplicate, "(given twice)", "each field once (JSON keys must be unique)");
  return j;
}

}  // namespace tpe
