// One engine description: the single source of truth read by the reference,
// the SystemC model, the Verilog generator, co-simulation and the estimates.
//
// The fields every engine has (family, pe, operand formats, accumulator,
// name) are members; the fields of one family (a systolic array's dataflow,
// rows and cols; a cube's x, y, z; ...) are `params`, parsed and validated by
// the family (models/engine/family_spec.hpp) and read by its code through
// integer() / text().
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <variant>

#include <nlohmann/json_fwd.hpp>

#include "models/engine/memory_config.hpp"

namespace tpe {

// An integer operand format: `bits` wide, two's complement when `is_signed`.
struct IntFormat {
  int bits = 8;
  bool is_signed = true;

  int64_t min_value() const { return is_signed ? -(int64_t(1) << (bits - 1)) : 0; }
  int64_t max_value() const {
    return is_signed ? (int64_t(1) << (bits - 1)) - 1 : (int64_t(1) << bits) - 1;
  }
  // e.g. "i8", "u4": used in module names and reports.
  std::string tag() const { return (is_signed ? "i" : "u") + std::to_string(bits); }
  bool operator==(const IntFormat& o) const { return bits == o.bits && is_signed == o.is_signed; }
};

// The value of one family field: an integer or a word.
using ParamValue = std::variant<int64_t, std::string>;

struct EngineConfig {
  std::string family = "systolic";  // a registered family (models/engine/family_registry.hpp)
  std::string pe = "baseline";      // a PE variant the family offers
  IntFormat a;                      // left operand (activations)
  IntFormat b;                      // right operand (weights)
  int acc_bits = 32;                // accumulator width: results wrap modulo 2^acc_bits
  std::string name;                 // free text, defaults to the tag
  std::map<std::string, ParamValue> params;  // the family's own fields, validated by it
  // The DRAM and on-chip buffers the engine streams its operands through
  // (the optional "memory" object); none: an ideal memory, as before. Not
  // part of tag(): the array, its RTL and its caches do not depend on it.
  std::optional<MemoryConfig> memory;

  // A family field; throws std::logic_error naming the field when it is
  // absent or of the other kind (a bug in the family, not bad input).
  int64_t integer(const std::string& field) const;
  const std::string& text(const std::string& field) const;

  // The family's derived figures (the registry must hold the family).
  int pe_count() const;
  // Stable short tag, e.g. "systolic_os_16x16_i8i8_acc32"; names RTL modules and caches.
  std::string tag() const;
  // Flat JSON, as written in a description: common fields and the family's.
  nlohmann::json to_json() const;
};

// Thrown for any invalid description; the message names the source (file),
// the field, the offending value and the allowed range.
struct ConfigError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Allowed ranges of the common fields, shared by validation, docs and tests.
struct ConfigLimits {
  static constexpr int kMinOperandBits = 2, kMaxOperandBits = 16;
  static constexpr int kMinAccBits = 2, kMaxAccBits = 64;
};

// Parses and validates (common fields here, the family's by the family).
// `source` names where the text came from (a file path) and prefixes every
// error message.
EngineConfig parse_engine_config(const std::string& json_text, const std::string& source);
EngineConfig load_engine_config(const std::string& path);
void validate(const EngineConfig& cfg, const std::string& source);

}  // namespace tpe
