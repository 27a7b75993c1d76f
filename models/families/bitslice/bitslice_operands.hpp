// Operand sources of the bitslice family, beside the shared ones
// (models/gemm/gemm_operands.hpp), for the cases whose timing they stress:
//   "dense_digits"   every activation has the most nonzero digits a value of
//                    its format can have under the variant's encoding (bit
//                    planes: every plane set; EN-T; MBE), drawn uniformly
//                    among those values (seeded): every lane issues a digit
//                    at every position. Laconic's weights too (it encodes
//                    them); the others' weights are uniform.
//   "outliers:SIGMA" round-half-even(N(0, SIGMA^2)) clamped to each format,
//                    with an outlier channel (one k of A whose every value
//                    has a magnitude in [max/2, max], random signs, as the
//                    LLM.int8 outlier features) and about one value in 200
//                    of A and of B replaced by a format extreme (seeded).
#pragma once
#include <cstdint>
#include <string>

#include "models/gemm/gemm_operands.hpp"

namespace tpe::bitslice {

// The family's operands for `source`: the two above, else the shared
// sources. Throws std::invalid_argument for an unknown source naming every
// allowed one.
GemmOperands make_bitslice_operands(const EngineConfig& cfg, const GemmShape& shape, uint64_t seed,
                                    const std::string& source);

}  // namespace tpe::bitslice
