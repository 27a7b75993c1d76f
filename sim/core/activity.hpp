// Activity counters: what the engine did, per component and action. The
// energy replay multiplies these by per-action energies, so every counter
// says what one unit is (an event or a bit). Format: docs/activity_trace.md.
#pragma once
#include <cstdint>
#include <map>
#include <string>

#include <nlohmann/json_fwd.hpp>

namespace tpe {

struct ArrayActivity {
  uint64_t macs = 0;               // multiply-accumulates with valid operands
  uint64_t pe_reg_write_bits = 0;  // bits written into PE registers (operands, accumulators, partial sums)
  uint64_t operand_forwards = 0;   // operand values passed from one PE to its neighbour
  uint64_t acc_readouts = 0;       // accumulator values read out of the array
  uint64_t skew_reg_write_bits = 0;// bits written into input skew / output de-skew registers
  uint64_t weight_load_bits = 0;   // WS: bits shifted into the stationary weight registers
};

struct BufferActivity {
  uint64_t read_bits = 0;
  uint64_t write_bits = 0;
};

struct ActivityTrace {
  uint64_t cycles = 0;         // from the first sampled input to the last output, inclusive
  ArrayActivity array;
  std::map<std::string, BufferActivity> buffers;  // "a", "b", "c"

  nlohmann::json to_json() const;
};

}  // namespace tpe
