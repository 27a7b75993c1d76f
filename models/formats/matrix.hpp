// A dense row-major matrix: the one container every view passes operands in.
#pragma once
#include <cstdint>
#include <map>
#include <stdexcept>
#include <string>
#include <utility>
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

// Named side tensors of an operand matrix: what a family needs beside the
// values themselves to compute with them (ShiftAddLLM/BCQ: the per-group
// power-of-two scales of the binary weight planes; mixed precision: per-group
// scales and zero points). Name -> matrix of integers or bit patterns; its
// shape and encoding are the family's (docs/architecture.md, "Side tensors").
using SideTensors = std::map<std::string, Matrix<int32_t>>;

// Integer operands (up to 16 bits) and wrapped accumulator results (up to 64
// bits). An operand carries its side tensors with it, so every view that
// receives the operand (reference_result, the controller that drives the
// array's ports, cosim, gate-level and energy runs, pin-level and TLM benches)
// receives them too without a second argument on every interface. Integer
// families leave `side` empty; equality compares the side tensors too.
struct OperandMatrix : Matrix<int32_t> {
  using Matrix<int32_t>::Matrix;
  OperandMatrix() = default;
  OperandMatrix(Matrix<int32_t> m) : Matrix<int32_t>(std::move(m)) {}  // NOLINT: plain matrices convert
  SideTensors side;

  bool operator==(const OperandMatrix& o) const { return Matrix<int32_t>::operator==(o) && side == o.side; }
  bool operator!=(const OperandMatrix& o) const { return !(*this == o); }
};
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
