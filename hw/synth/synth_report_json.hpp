// JSON form of SynthReport: every figure is {"value": x, "unit": "..."} so a
// reader never has to guess units; the cache stores and reloads this form.
#pragma once
#include <nlohmann/json.hpp>

#include "hw/synth/synth_report.hpp"

namespace tpe::hw {

nlohmann::json to_json(const SynthReport& r);
SynthReport synth_report_from_json(const nlohmann::json& j);

}  // namespace tpe::hw
