// A dense row-major matrix: the one container every view passes operands in.
#pragma once
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace tpe {

template <class T>
struct Matrix {
  int rows = 0, cols = 0;
  std::vector<T> data;

  Matrix() = default;
  Matrix(int r, int c, T fill = T{}) : rows(r), cols(c), data(size_t(r) * size_t(c), fill) {}

  T& operator()(int r, int c) { return data[size_t(r) * size_t(cols) + size_t(c)]; }
  const T& operator()(int r, int c) const { return data[size_t(r) * size_t(cols) + size_t(c)]; }
  const T* row(int r) const { return data.data() + size_t(r) * size_t(cols); }
  T* row(int r) { return data.data() + size_t(r) * size_t(cols); }
  bool operator==(const Matrix& o) const { return rows == o.rows && cols == o.cols && data == o.data; }
  bool operator!=(const Matrix& o) const { return !(*this == o); }
};

// Integer operands (up to 16 bits) and wrapped accumulator results (up to 64 bits).
using OperandMatrix = Matrix<int32_t>;
using ResultMatrix = Matrix<int64_t>;

// A GEMM shape C[M,N] = A[M,K] x B[K,N].
struct GemmShape {
  int m = 1, k = 1, n = 1;
  double macs() const { return double(m) * double(k) * double(n); }
  std::string str() const { return std::to_string(m) + "x" + std::to_string(k) + "x" + std::to_string(n); }
};

// Parses "MxKxN" (e.g. "64x128x32"); throws std::invalid_argument naming the
// text and the allowed range (each dimension 1..2^24).
GemmShape parse_gemm_shape(const std::string& text);

}  // namespace tpe
