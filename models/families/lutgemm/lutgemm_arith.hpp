// The LUT-GEMM PE's arithmetic (pe_arith 5.1; the reference scheme
// `lutgemm-bcq`, models/quant/scheme_lutgemm.hpp) on engine operands, fp16
// values carried as bit patterns (as the lmul family carries its floats):
//   A[M][K]    fp16 bit patterns of the activations
//   B[K][N]    q-bit plane code of W[n][k]: bit b set <-> +1 in plane b
//   side "alpha" of B:  [G*q][N] fp16 bit patterns, row g*q + b
//   side "q_bias" of B: [G][N]   fp16 bit patterns
// with G = ceil(K / group_size) groups along K (group_size a multiple of 8,
// so an 8-activation table never straddles two groups).
// Per row m and 8-column block kb the table unit builds the 256-entry fp16
// table of LUT-GEMM's kernel (entries below 64 summed left to right, the
// doubling recurrence above; activations beyond K are +0). The PE (m, n)
// keeps q plane sums and one bias sum, all fp16, over its group's blocks:
//   t_b = fp16(t_b + table[byte_b])   (byte_b: bit j = plane b of B[8kb+j][n], 0 beyond K)
//   t_bias = fp16(t_bias + table[255])
// and at the group's last block folds them into its fp16 result y:
//   for b ascending: y = fp16(y + fp16(alpha[g,b,n] * t_b));   y = fp16(y + fp16(q_bias[g,n] * t_bias))
// Every fp16 operation rounds once to nearest even (fp_add_bits on fp16,
// hbmpim's fp16_mul_bits: the units the RTL instantiates). C holds the fp16
// bit patterns of y: for finite values bit for bit the scheme's output.
#pragma once
#include <array>
#include <cstdint>
#include <vector>

#include "models/formats/lutgemm_format.hpp"
#include "models/formats/matrix.hpp"

namespace tpe::lutgemm {

inline const char* kAlphaName = "alpha";
inline const char* kBiasName = "q_bias";
constexpr int kGroup = 8;  // activations per table
constexpr int kTableSize = 1 << kGroup;
constexpr int kDirectEntries = 64;  // entries the kernel sums directly; the rest by doubling

struct Arith {
  int planes = 4;        // q
  int group_size = 128;  // along K, a multiple of 8
  int groups(int k) const { return (k + group_size - 1) / group_size; }
  int blocks_per_group() const { return group_size / kGroup; }
};

using Table = std::array<uint16_t, kTableSize>;

uint16_t add16(uint16_t a, uint16_t b);  // fp16 RNE
uint16_t mul16(uint16_t a, uint16_t b);  // fp16 RNE
inline uint16_t neg16(uint16_t a) { return uint16_t(a ^ 0x8000u); }

// The table of 8 fp16 activations in the kernel's order.
Table fp16_table(const uint16_t x[kGroup]);
// The PE's fold at a group's last block: y + alpha_b * t_b (b ascending),
// then + bias * t_bias, each product and sum rounded.
uint16_t fold(uint16_t y, const uint16_t* alpha, const uint16_t* t, int planes, uint16_t bias, uint16_t t_bias);

// The side tensors of B, checked against the shape (throw
// std::invalid_argument naming the tensor, the shape wanted and found).
const Matrix<int32_t>& alpha_of(const Arith& ar, const OperandMatrix& b);
const Matrix<int32_t>& bias_of(const Arith& ar, const OperandMatrix& b);

// The PE array's exact result: fp16 bit patterns.
ResultMatrix lutgemm_gemm(const Arith& ar, const OperandMatrix& a, const OperandMatrix& b);

// Engine operands from LUT-GEMM's stored format (the scheme's own weights):
// B with its alpha and q_bias side tensors. Throws when the weights' planes
// or groups are not `ar`'s.
OperandMatrix operands_from_lutgemm(const Arith& ar, const LutGemmWeights& w);
// fp32 activations as fp16 bit patterns (one rounding, as the scheme does).
OperandMatrix fp16_activations(const Matrix<float>& x);

}  // namespace tpe::lutgemm
