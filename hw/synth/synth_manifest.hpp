// Builds a SynthRequest from a directory written by `tpe gen` (rtlgen's
// write_rtl): manifest.json lists the Verilog files in dependency order and
// names the top module. Only those two fields are read, so the manifest can
// grow without touching the synthesis flow.
#pragma once
#include <string>

#include "hw/synth/synth_flow.hpp"

namespace tpe::hw {

// Files resolved against `dir`; every other field keeps its default. Throws
// SynthError naming the manifest when it is missing or lacks files/top.
SynthRequest synth_request_from_manifest(const std::string& dir);

}  // namespace tpe::hw
