// The shiftadd family (ShiftAddLLM, pe_arith 4.1; docs/families/shiftadd.md):
// rows x cols multiplication-free PEs. Each array row has one table unit that
// builds the 256 partial sums of its 8 activations once per 8-column block;
// the cols PEs of the row query it with their weight-plane bytes, shift the
// entries by the block's APoT scale terms and accumulate. Operands: A integer
// activations, B the q-bit plane codes of BCQ weights with the scales as the
// side tensor "alpha" (models/families/shiftadd/shiftadd_arith.hpp).
#pragma once
#include <memory>

#include "models/engine/engine_config.hpp"
#include "models/engine/family_spec.hpp"
#include "models/families/shiftadd/shiftadd_arith.hpp"

namespace tpe::shiftadd {

struct Params {
  int rows = 2, cols = 2;
  Arith arith;

  static Params of(const EngineConfig& cfg);
  int act_bits = 8;  // activation width (signed)
  int table_bits() const { return act_bits + 3; }  // |sum of 8 activations| <= 8 * 2^(act_bits-1)
};

constexpr int kMinDim = 1, kMaxDim = 8;

// Cycles of a rows x cols LUT array that streams each output tile's
// ceil(K/8) blocks back to back, tiles back to back (shiftadd, lutgemm).
uint64_t block_stream_cycles(int rows, int cols, const GemmShape& s);

std::shared_ptr<const FamilySpec> spec();

}  // namespace tpe::shiftadd
