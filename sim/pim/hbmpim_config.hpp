// An HBM-PIM description: which DRAM preset it sits in and how many channels
// (configs/pim/*.json). Validated with file/field/value/allowed messages.
#pragma once
#include <string>

#include <nlohmann/json.hpp>

#include "sim/dram/dram_spec.hpp"

namespace tpe::pim {

struct HbmPimConfig {
  std::string file;      // where it was read from ("" when built in code)
  std::string preset;    // configs/dram/<preset>.json
  dram::DramSpec dram;   // the preset with `channels` applied

  int pseudo_channels() const { return dram.org.units(); }
  int units_per_pseudo_channel() const { return dram.org.banks() / 2; }  // one unit per even/odd bank pair
  int pim_units() const { return pseudo_channels() * units_per_pseudo_channel(); }
  std::string describe() const;  // "hbm2, 8 channels x 2 pseudo-channels, 128 PIM units"
};

// Fields: "pim": "hbmpim" (required), "dram_preset" (default "hbm2"),
// "channels" (1..64, default the preset's). The preset must have 32 B
// accesses (one 16-lane fp16 burst) and an even number of banks.
HbmPimConfig parse_hbmpim_config(const nlohmann::json& j, const std::string& source);
HbmPimConfig load_hbmpim_config(const std::string& path);
// configs/pim/<name>.json of the source tree (e.g. "hbmpim", "hbmpim_1ch").
std::string hbmpim_config_path(const std::string& name);

}  // namespace tpe::pim
