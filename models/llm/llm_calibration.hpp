// Calibration activations of a llama2.c model for the calibrated quantization
// methods (models/quant/calibrated_scheme.hpp): the fp32 model samples
// `sequences` token sequences from BOS (temperature 1, seeded, at most `tokens`
// each, ending early at BOS), and every linear layer's fp32 inputs are recorded.
// The evaluation in tests and tables uses the fp32 GREEDY sequence, which these
// sampled sequences are not, so no method is scored on its own calibration data.
#pragma once
#include <cstdint>

#include "models/llm/llama2c_checkpoint.hpp"
#include "models/quant/calibration.hpp"

namespace tpe {

struct CalibrationOptions {
  uint64_t seed = 0;   // sampling seed: the same seed gives the same calibration, bit for bit
  // 32 x 64 (about 2,000 tokens): with 8 x 32 GPTQ over-fits the 64..172-wide
  // Hessians (docs/quantization.md, "Calibration").
  int sequences = 32;  // 1..256
  int tokens = 64;     // per sequence, 1..seq_len
};

// Throws std::invalid_argument naming a field out of range.
ModelCalibration collect_calibration(const LlamaCheckpoint& ck, const CalibrationOptions& opt);

}  // namespace tpe
