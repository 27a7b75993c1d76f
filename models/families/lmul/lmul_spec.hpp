// The L-Mul family: an output-stationary array of rows x cols floating-point
// PEs. Every PE multiplies by L-Mul (models/formats/lmul.hpp) and accumulates
// in fp32 with one RNE addition per MAC (models/formats/fp_add.hpp), over k
// ascending from +0 -- exactly the lmul-* reference schemes' dot product.
// Operands and results are bit patterns in the matrices: A and B hold
// patterns of the operand format, C fp32 patterns (docs/families/lmul.md).
#pragma once
#include <memory>
#include <string>

#include "models/engine/engine_config.hpp"
#include "models/engine/family_spec.hpp"
#include "models/formats/float_formats.hpp"

namespace tpe::lmul {

struct Params {
  int rows = 4, cols = 4;
  const FloatFormat* format = nullptr;  // operand format

  static Params of(const EngineConfig& cfg);
};

constexpr int kMinDim = 1, kMaxDim = 16;

// The operand formats the engine takes, by name: e4m3, e5m2, e4m4, bf16
// (fp32 operands would exceed the common fields' 16-bit operand limit).
const FloatFormat& operand_format(const std::string& name);
const std::vector<std::string>& format_names();

// C[m][n] = fp32 sum over k ascending (from +0, RNE) of L-Mul(A[m][k], B[k][n]), as fp32 bit patterns.
ResultMatrix lmul_gemm(const FloatFormat& f, const OperandMatrix& a, const OperandMatrix& b);

std::shared_ptr<const FamilySpec> spec();

}  // namespace tpe::lmul
