// The HBM-PIM family (Samsung Aquabolt-XL): one 16-lane fp16 unit beside
// every pair of banks of an HBM2 device, running PIMSimulator's GEMV kernel.
// A GEMM M x K x N on it is a batch of M GEMVs y_m = W x_m with W = B^T
// (N x K): A holds the input vectors, B the weights, C the outputs, all as
// fp16 bit patterns (computes_integer_gemm() is false).
//
// This spec lives in sim/ rather than models/ because its cycle count is the
// DRAM command schedule (sim/pim/hbmpim_schedule on sim/dram's presets); the
// arithmetic is in models/pim. docs/families/hbmpim.md.
#pragma once
#include <cstdint>
#include <memory>
#include <vector>

#include "models/engine/engine_config.hpp"
#include "models/engine/family_spec.hpp"
#include "models/pim/hbmpim_arith.hpp"
#include "sim/pim/hbmpim_config.hpp"

namespace tpe::hbmpim {

constexpr int kMaxBatch = 64;  // input vectors of one run (M)

// The device a description names (its fields validated by parse).
pim::HbmPimConfig device_of(const EngineConfig& cfg);

// A GEMM's operands as the GEMV's: W = B^T (N x K) and the batch of input
// vectors (A's rows, one after another), fp16 bit patterns.
pim::Fp16Matrix weights_of(const OperandMatrix& b);
std::vector<uint16_t> inputs_of(const OperandMatrix& a);

std::shared_ptr<const FamilySpec> spec();

}  // namespace tpe::hbmpim
