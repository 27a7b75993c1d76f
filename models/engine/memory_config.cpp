#include "models/engine/memory_config.hpp"

#include <algorithm>
#include <filesystem>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "models/engine/config_fields.hpp"
#include "models/util/data_path.hpp"

namespace tpe {
namespace {

using nlohmann::json;
using config::fail;

const std::vector<std::string> kMemoryFields = {"preset", "channels", "a_buffer_kib", "b_buffer_kib", "c_buffer_kib",
                                                "clock_mhz"};

// The presets shipped in configs/dram (the same directory sim/dram reads).
std::vector<std::string> preset_names() {
  std::vector<std::string> names;
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator(data_file("configs/dram"), ec))
    if (e.path().extension() == ".json") names.push_back(e.path().stem().string());
  std::sort(names.begin(), names.end());
  return names;
}

bool is_path(const std::string& s) {
  return s.find('/') != std::string::npos || (s.size() > 5 && s.compare(s.size() - 5, 5, ".json") == 0);
}

}  // namespace

MemoryConfig parse_memory_config(const json& j, const std::string& source) {
  if (!j.is_object())
    fail(source, "memory", j.dump(), R"(an object like {"preset":"hbm2","channels":1,"a_buffer_kib":64,...})");
  for (auto& [k, _] : j.items())
    if (std::find(kMemoryFields.begin(), kMemoryFields.end(), k) == kMemoryFields.end())
      fail(source, "memory." + k, "(unknown field)", config::quoted_list(kMemoryFields));
  MemoryConfig m;
  const std::vector<std::string> presets = preset_names();
  const std::string allowed = config::quoted_list(presets) + " (configs/dram) or a path to a preset .json file";
  auto p = j.find("preset");
  if (p == j.end()) fail(source, "memory.preset", "(missing)", allowed);
  if (!p->is_string()) fail(source, "memory.preset", p->dump(), allowed);
  m.preset = p->get<std::string>();
  const bool known = is_path(m.preset) ? std::filesystem::is_regular_file(m.preset)
                                       : std::find(presets.begin(), presets.end(), m.preset) != presets.end();
  if (!known) fail(source, "memory.preset", p->dump(), allowed);
  m.channels = int(config::get_int(j, "channels", source, 0, MemoryLimits::kMaxChannels, false, 0, "memory."));
  m.a_buffer_kib = int(config::get_int(j, "a_buffer_kib", source, MemoryLimits::kMinBufferKib,
                                       MemoryLimits::kMaxBufferKib, false, m.a_buffer_kib, "memory."));
  m.b_buffer_kib = int(config::get_int(j, "b_buffer_kib", source, MemoryLimits::kMinBufferKib,
                                       MemoryLimits::kMaxBufferKib, false, m.b_buffer_kib, "memory."));
  m.c_buffer_kib = int(config::get_int(j, "c_buffer_kib", source, MemoryLimits::kMinBufferKib,
                                       MemoryLimits::kMaxBufferKib, false, m.c_buffer_kib, "memory."));
  if (auto c = j.find("clock_mhz"); c != j.end()) {
    const std::string range = fmt::format("a number in {}..{} (MHz) or 0 for the DRAM's clock",
                                          MemoryLimits::kMinClockMhz, MemoryLimits::kMaxClockMhz);
    if (!c->is_number()) fail(source, "memory.clock_mhz", c->dump(), range);
    m.clock_mhz = c->get<double>();
    if (m.clock_mhz != 0 && !(m.clock_mhz >= MemoryLimits::kMinClockMhz && m.clock_mhz <= MemoryLimits::kMaxClockMhz))
      fail(source, "memory.clock_mhz", c->dump(), range);
  }
  return m;
}

json memory_to_json(const MemoryConfig& m) {
  json j = {{"preset", m.preset},
            {"channels", m.channels},
            {"a_buffer_kib", m.a_buffer_kib},
            {"b_buffer_kib", m.b_buffer_kib},
            {"c_buffer_kib", m.c_buffer_kib}};
  if (m.clock_mhz != 0) j["clock_mhz"] = m.clock_mhz;
  return j;
}

}  // namespace tpe
