// Closed-form cycle count of a GEMM on the systolic engine, derived from the
// register structure and the controller's schedule (docs/architecture.md).
// It must equal the cycle model's count exactly; the tests hold it to that.
#pragma once
#include <cstdint>

#include "models/engine/engine_config.hpp"
#include "models/formats/matrix.hpp"

namespace tpe {

// The controller sees the array's outputs two edges after they are produced
// (registered in the array, registered again in the controller).
constexpr int kControlRoundTrip = 2;

uint64_t estimate_cycles(const EngineConfig& cfg, const GemmShape& shape);

}  // namespace tpe
