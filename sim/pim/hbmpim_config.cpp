#include "sim/pim/hbmpim_config.hpp"

#include <fmt/format.h>

#include "models/engine/config_fields.hpp"
#include "models/engine/engine_config.hpp"

namespace tpe::pim {

std::string HbmPimConfig::describe() const {
  return fmt::format("{}, {} channels x {} pseudo-channels, {} PIM units (16-lane fp16, one per 2 banks)", preset,
                     dram.org.channels, dram.org.pseudo_channels, pim_units());
}

HbmPimConfig make_hbmpim_config(const std::string& preset, int channels, int pseudo_channels,
                                const std::string& source) {
  HbmPimConfig cfg;
  cfg.preset = preset;
  const std::string value = "\"" + preset + "\"";
  try {
    cfg.dram = dram::load_dram_spec(preset);
  } catch (const std::exception& e) {
    config::fail(source, "dram_preset", value,
                 config::quoted_list(dram::dram_preset_names()) + " or a preset .json path (" + e.what() + ")");
  }
  if (cfg.dram.org.access_bytes != 32)
    config::fail(source, "dram_preset", value,
                 fmt::format("a preset with 32 B accesses (one 16-lane fp16 burst); it has {} B",
                             cfg.dram.org.access_bytes));
  if (cfg.dram.org.banks() % 2 != 0 || cfg.dram.org.rows <= 0x3fff)
    config::fail(source, "dram_preset", value,
                 "a preset with an even bank count and at least 16384 rows (row 0x3fff holds the PIM registers)");
  if (channels < 1 || channels > 64) config::fail(source, "channels", std::to_string(channels), "an integer in 1..64");
  const int preset_pchs = cfg.dram.org.pseudo_channels;
  if (pseudo_channels < 0 || pseudo_channels > preset_pchs)
    config::fail(source, "pseudo_channels", std::to_string(pseudo_channels),
                 fmt::format("an integer in 1..{} (the pseudo-channels of a {} channel)", preset_pchs, preset));
  cfg.dram.org.channels = channels;
  if (pseudo_channels > 0) cfg.dram.org.pseudo_channels = pseudo_channels;
  return cfg;
}

}  // namespace tpe::pim
