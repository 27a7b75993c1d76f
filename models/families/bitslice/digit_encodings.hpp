// Digit encodings of an integer operand for the bit-slice engines
// (../shared/ref/pe_arith.md section 3, ../shared/ref/tpe_paper.md 1.6 and
// 2.4): a value v of an IntFormat is written as sum_k d_k * r^k, least
// significant digit first, and an engine spends cycles on its digits:
//
//   bit planes (Stripes): r = 2, one digit per bit, every plane costs a cycle
//     (two's complement: the top plane of a signed value weighs -2^(bits-1));
//   EN-T (OPT3/OPT4): r = 4, sign-magnitude: |v| recoded into digits in
//     {0, +1, +2, -1} with a carry (a raw 3 becomes -1 and carries 1, a raw
//     4 becomes 0 and carries 1), then every digit multiplied by sign(v);
//     |-128| = 128 is an ordinary magnitude;
//   MBE (radix-4 modified Booth, Laconic): r = 4, two's complement:
//     d_k = -2 a[2k+1] + a[2k] + a[2k-1] (a[-1] = 0), the value sign- (or,
//     unsigned, zero-) extended to an even number of bits.
//
// The nonzero digits of an encoding are what a sparse engine issues, one
// partial product (or term) per cycle.
#pragma once
#include <cstdint>
#include <vector>

#include "models/engine/engine_config.hpp"

namespace tpe::bitslice {

enum class Encoding { BitPlanes, EnT, Mbe };

// Radix of the encoding's digits: 2 for bit planes, 4 for EN-T and MBE.
int radix(Encoding e);

// Digits every value of `f` fits in (the encoders always return this many):
//   bit planes f.bits;
//   EN-T: signed ceil(bits/2) (the magnitude is at most 2^(bits-1)),
//         unsigned floor(bits/2) + 1 (255 = 256 - 1 needs a fifth digit);
//   MBE:  signed ceil(bits/2), unsigned floor(bits/2) + 1 (a zero sign bit).
int digit_count(Encoding e, const IntFormat& f);

// The digits of v (a value of f), least significant first. Bit planes are 0/1
// except a signed value's top plane, which is 0/-1.
std::vector<int> encode(Encoding e, int64_t v, const IntFormat& f);

// Nonzero digits of v: the cycles a sparse engine spends on it (before any
// one-cycle floor).
int nonzero_digits(Encoding e, int64_t v, const IntFormat& f);

// The nonzero-digit count of every value of f, indexed by v - f.min_value():
// a table the cycle functions look values up in.
std::vector<uint8_t> nonzero_digit_table(Encoding e, const IntFormat& f);

}  // namespace tpe::bitslice
