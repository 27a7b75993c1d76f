// The HBM-PIM device an engine description of the `hbmpim` family names: a
// DRAM preset (configs/dram/) with its channel and pseudo-channel counts.
// Built from the description's fields by the family (sim/families/hbmpim),
// checked with file/field/value/allowed messages.
#pragma once
#include <string>

#include "sim/dram/dram_spec.hpp"

namespace tpe::pim {

struct HbmPimConfig {
  std::string preset;    // configs/dram/<preset>.json
  dram::DramSpec dram;   // the preset with `channels` and `pseudo_channels` applied

  int pseudo_channels() const { return dram.org.units(); }
  int units_per_pseudo_channel() const { return dram.org.banks() / 2; }  // one unit per even/odd bank pair
  int pim_units() const { return pseudo_channels() * units_per_pseudo_channel(); }
  std::string describe() const;  // "hbm2, 8 channels x 2 pseudo-channels, 128 PIM units"
};

// channels 1..64; pseudo_channels 1..the preset's (0: the preset's). The
// preset must have 32 B accesses (one 16-lane fp16 burst), an even number
// of banks and at least 16384 rows. Throws ConfigError naming `source`, the
// field, the value and what is allowed.
HbmPimConfig make_hbmpim_config(const std::string& preset, int channels, int pseudo_channels,
                                const std::string& source);

}  // namespace tpe::pim
