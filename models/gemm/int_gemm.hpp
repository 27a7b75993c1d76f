// Bit-exact integer GEMM reference: C = A x B with the two's-complement
// wrap-around of an `acc_bits`-wide accumulator. This is the golden every
// engine view (SystemC model, Verilated RTL) is compared against.
#pragma once
#include "models/engine/engine_config.hpp"
#include "models/formats/matrix.hpp"

namespace tpe {

// Wraps an exact integer to `acc_bits` bits. The result is read as two's
// complement when `result_signed` (some operand is signed), else as unsigned.
int64_t wrap_to_accumulator(int64_t exact, int acc_bits, bool result_signed);

// True when a product of these formats is read as signed.
inline bool product_is_signed(const IntFormat& a, const IntFormat& b) { return a.is_signed || b.is_signed; }

// Fast blocked GEMM. Operand values must lie in their formats' ranges (checked;
// throws std::out_of_range naming the matrix, position and value).
ResultMatrix int_gemm(const OperandMatrix& a, const OperandMatrix& b, const IntFormat& fa, const IntFormat& fb,
                      int acc_bits);

// The value a `f.bits`-wide port holds for `v`: its low bits, read in `f`.
inline int64_t to_port_value(int64_t v, const IntFormat& f) {
  const uint64_t mask = (uint64_t(1) << f.bits) - 1, bits = uint64_t(v) & mask;
  return f.is_signed && (bits >> (f.bits - 1)) ? int64_t(bits | ~mask) : int64_t(bits);
}

// The textbook triple loop, kept as the baseline the benchmark compares against.
ResultMatrix int_gemm_naive(const OperandMatrix& a, const OperandMatrix& b, const IntFormat& fa,
                            const IntFormat& fb, int acc_bits);

// Checks every element lies in `f`'s range.
void check_operand_range(const OperandMatrix& m, const IntFormat& f, const char* name);

}  // namespace tpe
