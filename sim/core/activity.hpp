// Activity counters: what the engine did, per component and action. The
// energy replay multiplies these by per-action energies, so every counter
// says what one unit is (CounterSpec::unit). Format: docs/activity_trace.md.
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace tpe {

struct BufferActivity {
  uint64_t read_bits = 0;
  uint64_t write_bits = 0;
};

struct ActivityTrace {
  uint64_t cycles = 0;  // from the first sampled input to the last output, inclusive
  // The array's counters, named by the family (FamilySpec::counters), in its order.
  std::vector<std::string> counter_names;
  std::vector<uint64_t> counters;
  std::map<std::string, BufferActivity> buffers;  // "a", "b", "c"

  // A counter by name; throws std::out_of_range naming it when the family has none.
  uint64_t counter(const std::string& name) const;
  uint64_t macs() const { return counter("mac"); }
  nlohmann::json to_json() const;  // {"cycles", "array": {name: count}, "buffers": {...}}
};

}  // namespace tpe
