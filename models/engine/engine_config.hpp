// One engine description: the single source of truth read by the reference,
// the SystemC model, the Verilog generator, co-simulation and the estimates.
#pragma once
#include <cstdint>
#include <stdexcept>
#include <string>

#include <nlohmann/json_fwd.hpp>

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

enum class Family { Systolic };
enum class Dataflow { OutputStationary, WeightStationary };
// Which processing element the array is built from. `opt1` is the seed paper's
// compressed-accumulation PE (carry-save accumulator, CPA moved out of the PE).
enum class PeKind { Baseline, Opt1 };

struct EngineConfig {
  Family family = Family::Systolic;
  Dataflow dataflow = Dataflow::OutputStationary;
  PeKind pe = PeKind::Baseline;
  int rows = 16;
  int cols = 16;
  IntFormat a;          // left operand (activations), streamed along rows
  IntFormat b;          // right operand (weights)
  int acc_bits = 32;    // accumulator width: results wrap modulo 2^acc_bits
  std::string name;     // free text, defaults to a tag derived from the fields

  int pe_count() const { return rows * cols; }
  // Stable short tag, e.g. "systolic_os_16x16_i8i8_acc32"; names RTL modules and caches.
  std::string tag() const;
  nlohmann::json to_json() const;
};

// Thrown for any invalid description; the message names the source (file),
// the field, the offending value and the allowed range.
struct ConfigError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Allowed ranges, shared by validation, the docs and the tests.
struct ConfigLimits {
  static constexpr int kMinOperandBits = 2, kMaxOperandBits = 16;
  static constexpr int kMinAccBits = 2, kMaxAccBits = 64;
  static constexpr int kMinDim = 1, kMaxDim = 256;
};

// Parses and validates. `source` names where the text came from (a file path)
// and prefixes every error message.
EngineConfig parse_engine_config(const std::string& json_text, const std::string& source);
EngineConfig load_engine_config(const std::string& path);
void validate(const EngineConfig& cfg, const std::string& source);

const char* to_string(Family f);
const char* to_string(Dataflow d);
const char* to_string(PeKind p);

}  // namespace tpe
