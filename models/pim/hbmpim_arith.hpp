// HBM-PIM (Samsung Aquabolt-XL) arithmetic, bit-exact: the 16-lane FP16 MAC
// of one near-bank unit and the GEMV it computes under PIMSimulator's
// mapping (ref/pe_arith.md 6.1; docs/pim.md). Plain C++, values are IEEE
// binary16 bit patterns (uint16_t).
//
// Rounding: a MAC is `acc = fp16(fp16(w * x) + acc)`, two roundings to
// nearest-even, as PIMSimulator's PIMBlock::mac does with half-precision
// software types whose every operator returns a rounded half (not fused).
// Every NaN result is the canonical quiet NaN 0x7E00 (the sign and payload
// of a NaN depend on the host FPU; a hardware unit produces one pattern).
#pragma once
#include <cstdint>
#include <vector>

#include "models/formats/matrix.hpp"

namespace tpe::pim {

constexpr int kLanes = 16;                     // fp16 lanes of one 256-bit burst
constexpr int kGrfA = 8;                       // GRF_A registers (input bursts of one input tile)
constexpr int kGrfB = 8;                       // GRF_B registers (output rows of one unit per output tile)
constexpr int kInputTile = kLanes * kGrfA;     // 128 inputs per input tile
constexpr int kMacsPerTile = kGrfA * kGrfB;    // 64 MAC column commands per input tile
constexpr uint16_t kCanonicalNaN = 0x7E00;

using Fp16Matrix = Matrix<uint16_t>;

uint16_t fp16_mul_bits(uint16_t a, uint16_t b);
uint16_t fp16_add_bits(uint16_t a, uint16_t b);
// acc + w * x with the product rounded first, then the sum.
uint16_t fp16_mac_bits(uint16_t w, uint16_t x, uint16_t acc);
// The host's reduction of one GRF_B burst: a pairwise tree over the 16 lanes
// ((l0+l1)+(l2+l3))+..., as PIMSimulator's BurstType::fp16AdderTree.
uint16_t lane_tree(const uint16_t* lanes);

// Number of input tiles of K inputs (the last one zero-padded).
inline int input_tiles(int k) { return (k + kInputTile - 1) / kInputTile; }

// y = W x on HBM-PIM, bit-exact: W is N x K (row n = output n), x holds B
// input vectors of K elements one after another (a batch; B >= 1), y the B
// output vectors of N. Each input vector is its own GEMV. Lane l of output n accumulates w[n][k] * x[k] for k = l mod 16 in
// the order the kernel issues its MACs: the even input tiles (even banks)
// first, then the odd ones (odd banks), within a tile the 8 bursts in order;
// inputs beyond K are +0 in both operands. Then the host's lane tree.
std::vector<uint16_t> hbmpim_gemv_reference(const Fp16Matrix& w, const std::vector<uint16_t>& x);

}  // namespace tpe::pim
