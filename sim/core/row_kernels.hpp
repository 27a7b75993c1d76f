// Vectorized row updates shared by the cycle models.
#pragma once
#include <cstddef>
#include <cstdint>

#include "models/engine/engine_config.hpp"

namespace tpe {

// sum[j] += a * w[j] for j < n, modulo 2^64. Operands are port values (at
// most 16 bits), so the 32 x 32 -> 64-bit widening multiply is exact and
// vectorizes (vpmuldq), where a 64 x 64 multiply would not.
void axpy_row(uint64_t* sum, int32_t a, const int32_t* w, int n);

// Sums of products as an acc_bits-wide accumulator sees them: for j < n,
//   sum[j] += sum_{t < terms} x[t * x_stride] * w[t * w_stride + j],
// exact in the low acc_bits bits (the only ones that reach a port). The WS
// model passes one operand row through the weights (x = the row, w = the
// weights); the OS model sums a tile row from its input log (x = column i of
// the logged A operands, w = the logged B operands).
//
// The products are summed in 32-bit lanes (twice the lanes of 64-bit ones,
// the partials kept in registers across the terms) whenever that is exact:
// the accumulator is at most 32 bits wide (only the low 32 bits matter), or a
// chunk of terms cannot overflow int32; otherwise 64-bit products.
class OperandDotProducts {
 public:
  OperandDotProducts(const IntFormat& x, const IntFormat& w, int acc_bits);
  void add(uint64_t* sum, const int32_t* x, size_t x_stride, const int32_t* w, size_t w_stride, int terms,
           int n) const;
  // add() for `rows` rows at once: for r < rows, sum + r * n gets the row of
  // x + r (x_stride apart per term) through w. The same values in the low
  // acc_bits bits as `rows` calls of add(), several times faster on long
  // logs: each loaded row of w serves four rows of x, and the terms go in
  // chunks whose rows of w stay in cache across all rows (the OS model's
  // tile sum, which is most of a 32x32 systolic OS run's time).
  void add_rows(uint64_t* sum, int rows, const int32_t* x, size_t x_stride, const int32_t* w, size_t w_stride,
                int terms, int n) const;

 private:
  int64_t chunk_;  // terms summed in 32-bit lanes before widening; 0: 64-bit products
};

}  // namespace tpe
