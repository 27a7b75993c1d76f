// LUT-GEMM's weight format (naver-aics nQWeight_fp16, pe_arith 5.1) and its
// fp16 activation lookup table.
//   bweight[K/32][B][N] uint32: bit (k%32) of word [k/32][b][n] = 1 <-> +1 in plane b
//   alpha[groups][B][N] fp16, q_bias[groups][N] fp16, groups along K
//   w[n,k] = sum_b alpha[g,b,n]*(2*bit-1) + q_bias[g,n]
// Uniform -> BCQ conversion (rtn_parameter.py): for w = s*(q - z), q in [0, 2^B),
//   alpha_b = s*2^b/2, offset = sum_b alpha_b - s*z (computed in fp32, then rounded to fp16 once).
#pragma once
#include <array>
#include <cstdint>
#include <vector>

#include "models/quant/quantizers.hpp"

namespace tpe {

struct LutGemmWeights {
  int n = 0, k = 0, bits = 4;
  GroupLayout groups;
  std::vector<uint32_t> bweight;  // [ceil(K/32)][bits][N]
  std::vector<float> alpha;       // [groups][bits][N], fp16 values
  std::vector<float> q_bias;      // [groups][N], fp16 values

  int words() const { return (k + 31) / 32; }
  uint32_t word(int kw, int b, int nn) const { return bweight[(size_t(kw) * bits + b) * n + nn]; }
  int bit(int nn, int kk, int b) const { return (word(kk / 32, b, nn) >> (kk % 32)) & 1; }
  float alpha_at(int g, int b, int nn) const { return alpha[(size_t(g) * bits + b) * n + nn]; }
  float bias_at(int g, int nn) const { return q_bias[size_t(g) * n + nn]; }
  // The stored format's exact value (double).
  double dequant(int nn, int kk) const;
};

// From an asymmetric (unsigned, zero-point) GroupQuant, e.g.
// quantize_asymmetric_groups(w, 4, 128). The group size must be a multiple of
// 8 so an 8-activation LUT chunk never straddles two groups (throws otherwise).
LutGemmWeights lutgemm_from_uniform(const GroupQuant& q);

// The 256-entry fp16 LUT of 8 fp16 activations (mv_fp16_bias.hpp build order):
// entries p < 64 are sum_{j<8} (2*bit_j(p)-1)*x_j left to right with an fp16
// rounding after every add; entries p in [2^s, 2^(s+1)) for s = 6, 7 use
// lut[p] = fp16(lut[p - 2^s] + fp16(2*x_s)).
std::array<float, 256> lutgemm_build_lut(const float x16[8]);

}  // namespace tpe
