// Operands for one GEMM run, from a named source:
//   "random"      seeded uniform values over each format's full range,
//                 extremes (most negative, most positive, zero) included;
//   "stories260K" real values of the bundled llama2.c model: A from the token
//                 embeddings, B from the layers' w1 (FFN up) weights, each
//                 quantized per tensor (symmetric, round half to even) to the
//                 configured format, taken in storage order and wrapped to
//                 fill the requested shape (its native shape is 64x64x172:
//                 64 tokens x dim 64 x hidden 172);
//   "extremes"    the formats' minimum and maximum;
//   "normal:SIGMA" round-half-even(N(0, SIGMA^2)) clamped to each format,
//                 seeded (the seed paper's bit-slice statistics).
#pragma once
#include <cstdint>
#include <string>

#include "models/engine/engine_config.hpp"
#include "models/formats/matrix.hpp"

namespace tpe {

struct GemmOperands {
  OperandMatrix a, b;
  std::string description;  // for reports
};

// The operands of the description's family (FamilySpec::make_operands; the
// registry must hold the family). Throws std::invalid_argument for an
// unknown source (naming the allowed ones) and std::runtime_error when the
// checkpoint cannot be read.
GemmOperands make_gemm_operands(const EngineConfig& cfg, const GemmShape& shape, uint64_t seed,
                                const std::string& source);
// Integer operands in cfg.a / cfg.b: the default of every family that
// computes integer GEMMs.
GemmOperands make_integer_operands(const EngineConfig& cfg, const GemmShape& shape, uint64_t seed,
                                   const std::string& source);

// The real values behind "stories260K": A [m][k] from the token embeddings,
// B [k][n] = w1^T (see above), unquantized; returns the checkpoint's path.
// For families that encode the values themselves (floating point).
std::string stories260k_float_operands(const GemmShape& shape, Matrix<float>& a, Matrix<float>& b);

}  // namespace tpe
