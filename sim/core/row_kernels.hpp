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

  // A whole tile: for i < rows, j < n,
  //   tile[i * n + j] += sum_{t < terms} x[t * x_stride + i] * w[t * w_stride + j],
  // exact in the low acc_bits bits as add(). When both operand formats fit
  // int16 and the sums may use 32-bit lanes, the terms go in pairs through
  // pmaddwd (16 products per instruction against 8 for vpmulld) on CPUs with
  // AVX2, both operands repacked once per tile; otherwise add() row by row.
  void add_tile(uint64_t* tile, int rows, const int32_t* x, size_t x_stride, const int32_t* w, size_t w_stride,
                int terms, int n) const;

 private:
  int64_t chunk_;     // terms summed in 32-bit lanes before widening; 0: 64-bit products
  bool int16_pairs_;  // both formats fit int16: the pair kernel applies (when chunk_ != 0)
};

}  // namespace tpe
