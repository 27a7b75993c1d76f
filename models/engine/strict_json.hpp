// JSON documents read from users' files: malformed text, a key given twice
// (the last would silently win: {"rows":0,"rows":4} would validate) and a
// number beyond the double range (1e400) are refused with the file, the
// field and the value named (ConfigError, config_fields.hpp's format).
#pragma once
#include <string>

#include <nlohmann/json.hpp>

namespace tpe {

nlohmann::json parse_json_strict(const std::string& text, const std::string& source);

}  // namespace tpe
