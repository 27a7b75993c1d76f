#include "sim/pim/hbmpim_config.hpp"

#include <algorithm>
#include <fstream>

#include <fmt/format.h>

#include "models/engine/config_fields.hpp"
#include "models/engine/engine_config.hpp"

namespace tpe::pim {

std::string HbmPimConfig::describe() const {
  return fmt::format("{}, {} channels x {} pseudo-channels, {} PIM units (16-lane fp16, one per 2 banks)", preset,
                     dram.org.channels, dram.org.pseudo_channels, pim_units());
}

HbmPimConfig parse_hbmpim_config(const nlohmann::json& j, const std::string& source) {
  if (!j.is_object()) throw ConfigError(fmt::format("{}: an HBM-PIM description must be a JSON object", source));
  const std::vector<std::string> known = {"pim", "dram_preset", "channels", "comment"};
  for (const auto& [key, v] : j.items()) {
    (void)v;
    if (std::find(known.begin(), known.end(), key) == known.end())
      config::fail(source, key, "(present)", "the fields " + config::quoted_list(known));
  }
  config::get_choice(j, "pim", source, {"hbmpim"}, true);
  HbmPimConfig cfg;
  if (j.contains("dram_preset") && !j["dram_preset"].is_string())
    config::fail(source, "dram_preset", j["dram_preset"].dump(), "a preset name or .json path");
  cfg.preset = j.value("dram_preset", std::string("hbm2"));
  try {
    cfg.dram = dram::load_dram_spec(cfg.preset);
  } catch (const std::exception& e) {
    config::fail(source, "dram_preset", "\"" + cfg.preset + "\"",
                 config::quoted_list(dram::dram_preset_names()) + " or a preset .json path (" + e.what() + ")");
  }
  if (cfg.dram.org.access_bytes != 32)
    config::fail(source, "dram_preset", "\"" + cfg.preset + "\"",
                 fmt::format("a preset with 32 B accesses (one 16-lane fp16 burst); it has {} B",
                             cfg.dram.org.access_bytes));
  if (cfg.dram.org.banks() % 2 != 0 || cfg.dram.org.rows <= 0x3fff)
    config::fail(source, "dram_preset", "\"" + cfg.preset + "\"",
                 "a preset with an even bank count and at least 16384 rows (row 0x3fff holds the PIM registers)");
  cfg.dram.org.channels = int(config::get_int(j, "channels", source, 1, 64, false, cfg.dram.org.channels));
  return cfg;
}

std::string hbmpim_config_path(const std::string& name) {
  return std::string(TPE_SOURCE_DIR) + "/configs/pim/" + name + ".json";
}

HbmPimConfig load_hbmpim_config(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw ConfigError(fmt::format("{}: cannot open the HBM-PIM description", path));
  nlohmann::json j;
  try {
    in >> j;
  } catch (const nlohmann::json::parse_error& e) {
    throw ConfigError(fmt::format("{}: not valid JSON: {}", path, e.what()));
  }
  HbmPimConfig cfg = parse_hbmpim_config(j, path);
  cfg.file = path;
  return cfg;
}

}  // namespace tpe::pim
