// The memory an engine description may name (its optional "memory" object):
// a DRAM preset of configs/dram, its channel count, and the on-chip operand
// and result buffers between the DRAM and the array. Plain data, validated
// here with the same file/field/value/allowed messages as every other field;
// the SystemC memory stage (sim/core/memory_stage.hpp) reads it. Without a
// "memory" object an engine has none: behaviour, tags and Verilog are those
// of an engine fed from an ideal memory.
#pragma once
#include <cstdint>
#include <string>

#include <nlohmann/json_fwd.hpp>

namespace tpe {

struct MemoryConfig {
  std::string preset;   // configs/dram/<preset>.json, or a path to a preset file
  int channels = 0;     // 0: the preset's own channel count
  int a_buffer_kib = 64;  // on-chip A buffer (two tile slots: double-buffered)
  int b_buffer_kib = 64;  // on-chip B buffer (two slots)
  int c_buffer_kib = 64;  // on-chip C buffer (two tile slots)
  double clock_mhz = 0;   // the engine's clock; 0: the DRAM's own clock (one engine cycle = one tCK)

  bool operator==(const MemoryConfig& o) const {
    return preset == o.preset && channels == o.channels && a_buffer_kib == o.a_buffer_kib &&
           b_buffer_kib == o.b_buffer_kib && c_buffer_kib == o.c_buffer_kib && clock_mhz == o.clock_mhz;
  }
};

struct MemoryLimits {
  static constexpr int kMaxChannels = 1024;
  static constexpr int kMinBufferKib = 1, kMaxBufferKib = 65536;
  static constexpr double kMinClockMhz = 1, kMaxClockMhz = 10000;
};

// Reads and validates the "memory" object of description `source`: the
// preset must be one of configs/dram (or an existing .json path).
MemoryConfig parse_memory_config(const nlohmann::json& j, const std::string& source);
nlohmann::json memory_to_json(const MemoryConfig& m);

}  // namespace tpe
