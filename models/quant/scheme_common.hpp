// Boilerplate shared by the quantized linear schemes: a scheme made of a name,
// a description and a prepare function, plus input checks every forward needs.
#pragma once
#include <functional>
#include <memory>
#include <string>

#include "models/quant/quant_scheme.hpp"

namespace tpe {

using PrepareFn = std::function<std::unique_ptr<PreparedLinear>(const Matrix<float>& w)>;

std::unique_ptr<LinearScheme> make_scheme(std::string name, std::string description, PrepareFn prepare);

// Throws std::invalid_argument if x is not [M][k] with M >= 1 or holds a
// non-finite value (quantizers have no code for it).
void check_activations(const Matrix<float>& x, int k, const std::string& scheme);
// Throws if w is empty or holds a non-finite value.
void check_weights(const Matrix<float>& w, const std::string& scheme);

// Transposed copy helper: W [N][K] -> [K][N].
template <class T>
Matrix<T> transpose(const Matrix<T>& m) {
  Matrix<T> t(m.cols, m.rows);
  for (int r = 0; r < m.rows; ++r)
    for (int c = 0; c < m.cols; ++c) t(c, r) = m(r, c);
  return t;
}

// y[m][n] = sum over k ascending of x[m][k] * w[n][k], fp32 (llama2.c order).
Matrix<float> fp32_matmul_nt(const Matrix<float>& x, const Matrix<float>& w);

// A layer that holds dequantized fp32 weights [N][K] and computes y = sum over
// k ascending of x*w' in fp32: the forward of every weight-only scheme (RTN,
// AWQ, GPTQ, AdaDim, MixLLM). `scheme` labels input errors.
std::unique_ptr<PreparedLinear> make_dequant_linear(Matrix<float> wdq, std::string scheme);

// Throws std::invalid_argument "<field> = <value> is out of range; allowed lo..hi"
// (the method factories' parameter checks).
void check_int_param(const std::string& field, int value, int lo, int hi);

}  // namespace tpe
