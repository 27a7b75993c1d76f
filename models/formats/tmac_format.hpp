// T-MAC's bit-plane weight format and its int8 activation lookup table
// (pe_arith 5.2).
//   Weights: signed codes w_int in [-2^(B-1), 2^(B-1)-1] stored as unsigned
//   q = w_int + 2^(B-1), split into B bit planes; each plane is cut into groups
//   of 4 consecutive k, and each group becomes a 4-bit index (bit j <-> k = 4i+j).
//   Identity: w_int = 1/2 * (sum_i 2^i * (2*bit_i - 1) - 1), alphas = [1/2, 1, 2, 4].
//   LUT (per 4 activations b0..b3): lut[g] = sum_j (bit j of g ? +b_j : -b_j),
//   fp32, j ascending [ours: T-MAC builds it in fp16 on ARM]. Quantized per
//   activation group (`act_group` activations, default 64):
//     lut_scale = max over the group's 4-tuples of (|b0|+|b1|+|b2|+|b3|) / 127 (fp32)
//     qlut = clamp(rne(lut / lut_scale), -128, 127); lut_scale = 0 gives qlut = 0
//     lut_bias = sum over the group's 4-tuples ascending of lut[0] (= -sum b, fp32, unquantized)
#pragma once
#include <cstdint>
#include <vector>

#include "models/quant/quantizers.hpp"

namespace tpe {

struct TmacWeights {
  int n = 0, k = 0, bits = 4;
  GroupLayout groups;          // weight-scale groups along K
  std::vector<uint8_t> index;  // [bits][N][ceil(K/4)] 4-bit indices
  Matrix<float> scale;         // [N][groups]

  int quads() const { return (k + 3) / 4; }
  uint8_t idx(int b, int nn, int qd) const { return index[(size_t(b) * n + nn) * quads() + qd]; }
};

// From a symmetric GroupQuant (signed codes). Group size must be a multiple of 4.
TmacWeights tmac_from_symmetric(const GroupQuant& q);

struct TmacLut {
  int act_group = 64;
  std::vector<int8_t> qlut;    // [ceil(K/4)][16]
  std::vector<float> scale;    // [act groups]
  std::vector<float> bias;     // [act groups]
};

// One activation row x[0..k). act_group must be a positive multiple of 4.
TmacLut tmac_build_lut(const float* x, int k, int act_group);

}  // namespace tpe
