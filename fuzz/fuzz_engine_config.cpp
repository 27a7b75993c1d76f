// The engine description parser: strict JSON, the common fields, every
// registered family's fields and validation, the tag and the derived sizes.
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "fuzz/fuzz_common.hpp"
#include "models/engine/engine_config.hpp"
#include "models/engine/family_registry.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const bool registered = (tpe::register_builtin_families(), true);
  (void)registered;
  try {
    const tpe::EngineConfig cfg = tpe::parse_engine_config(tpe::fuzz::text(data, size), "fuzz.json");
    // A description that validates must give a tag, a JSON form that parses
    // back to the same description, and sizes.
    const std::string tag = cfg.tag();
    const tpe::EngineConfig again = tpe::parse_engine_config(cfg.to_json().dump(), "again.json");
    if (again.tag() != tag) __builtin_trap();
    (void)cfg.pe_count();
  } catch (const std::exception&) {
  }
  return 0;
}
