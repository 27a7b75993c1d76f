// Reading fields of an engine description with messages that name the
// source, the field, the value and what is allowed. Shared by the common
// fields' parser and every family's.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "models/engine/engine_config.hpp"

namespace tpe::config {

// Throws ConfigError "<source>: field '<field>' has value <value>; allowed: <allowed>".
[[noreturn]] void fail(const std::string& source, const std::string& field, const std::string& value,
                       const std::string& allowed);

// An integer field in lo..hi; `fallback` when absent and not required.
int64_t get_int(const nlohmann::json& obj, const std::string& key, const std::string& source, int64_t lo, int64_t hi,
                bool required, int64_t fallback = 0, const std::string& path = "");
// A string field among `choices` (the first is the default when absent and not required).
std::string get_choice(const nlohmann::json& obj, const std::string& key, const std::string& source,
                       const std::vector<std::string>& choices, bool required);
// The JSON of an operand format from its tag ("i8" -> {"bits":8,"signed":true}),
// for descriptions written in code (the families' test matrices).
std::string format_json(const char* tag);

// "\"os\", \"ws\"": the allowed-values text of a choice.
std::string quoted_list(const std::vector<std::string>& choices);

}  // namespace tpe::config
