// The activity trace reader of `tpe energy --trace`: parse, then the
// consistency checks against the GEMM shape and the trace's own config.
#include <stdexcept>

#include "fuzz/fuzz_common.hpp"
#include "hw/energy/energy_replay.hpp"
#include "models/engine/engine_config.hpp"
#include "models/engine/family_registry.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const bool registered = (tpe::register_builtin_families(), true);
  (void)registered;
  try {
    const tpe::hw::ActivityDocument doc = tpe::hw::parse_activity_trace(tpe::fuzz::text(data, size), "fuzz.json");
    const tpe::EngineConfig cfg = tpe::parse_engine_config(doc.config_json, "fuzz.json config");
    tpe::hw::check_trace_matches(doc, cfg);
    tpe::hw::check_activity_consistent(doc.trace, doc.gemm, cfg, "fuzz.json");
  } catch (const std::exception&) {
  }
  return 0;
}
