// The mixed-precision family: an output-stationary array of rows x cols PEs
// that executes a quantization scheme of models/quant with its own
// arithmetic. pe "w4a16" (pe_arith 2.1, docs/quantization.md `w4a16`):
//   A [M][K]: fp16 activation bit patterns;
//   B [K][N]: uint4 weight codes q (0..15), with two side tensors of shape
//     [ceil(K/group)][N] (the group runs along K, the last one shorter):
//       "scale": fp16 bit patterns of s16,
//       "zero":  zero points z (0..15);
//   C [M][N]: fp32 bit patterns of
//     sum over k ascending (from +0, one RNE add per MAC) of x16 * w16,
//     w16 = fp16 fma(q, s16, fp16(-(s16*z))) -- the scheme's dequantization,
//     done once per weight column in the array, the product exact in fp32.
// Every NaN result is the canonical quiet NaN 0x7FC00000 (docs/families/mixed.md).
#pragma once
#include <memory>
#include <string>

#include "models/engine/engine_config.hpp"
#include "models/engine/family_spec.hpp"

namespace tpe::mixed {

struct Params {
  int rows = 2, cols = 2, group = 128;
  static Params of(const EngineConfig& cfg);
};

constexpr int kMinDim = 1, kMaxDim = 16;
constexpr int kMaxGroup = 1 << 16;
constexpr const char* kScaleName = "scale";
constexpr const char* kZeroName = "zero";
constexpr uint32_t kCanonicalNan = 0x7FC00000u;

// Throws std::invalid_argument unless B (K x N) carries both side tensors as
// [ceil(K/group)][N] matrices.
void check_side_tensors(int group, const OperandMatrix& b);

// The scheme's output as fp32 bit patterns (NaN canonical). Throws
// std::invalid_argument when B's side tensors are missing or misshapen.
ResultMatrix w4a16_gemm(int group, const OperandMatrix& a, const OperandMatrix& b);

std::shared_ptr<const FamilySpec> spec();

}  // namespace tpe::mixed
