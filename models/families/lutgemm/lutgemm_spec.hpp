// The lutgemm family (LUT-GEMM, pe_arith 5.1; docs/families/lutgemm.md):
// rows x cols PEs, output-stationary. Each array row has one fp16 table unit
// that builds the 256 signed sums of its 8 fp16 activations once per
// 8-column block (LUT-GEMM's kernel order); the row's cols PEs query it with
// their weight-plane bytes, keep one fp16 sum per plane and one for the
// q_bias term, and at a group's last block scale them by the group's fp16
// alpha and q_bias into their fp16 result (models/families/lutgemm/lutgemm_arith.hpp).
// The same query shape as the shiftadd family (its plane bytes, its
// controller pieces); the tables differ (fp16 sums in a fixed order here).
#pragma once
#include <memory>

#include "models/engine/engine_config.hpp"
#include "models/engine/family_spec.hpp"
#include "models/families/lutgemm/lutgemm_arith.hpp"

namespace tpe::lutgemm {

struct Params {
  int rows = 1, cols = 2;
  Arith arith;

  static Params of(const EngineConfig& cfg);
};

constexpr int kMinDim = 1, kMaxDim = 4;
constexpr int kFp16Bits = 16;

std::shared_ptr<const FamilySpec> spec();

}  // namespace tpe::lutgemm
