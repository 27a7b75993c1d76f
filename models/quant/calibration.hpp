// Calibration data for the methods that fit their quantization to activations
// (AWQ, GPTQ, SqueezeLLM, AdaDim, MixLLM, FireQ): for every linear layer of one
// model, its fp32 weights and the fp32 inputs it saw on calibration sequences.
// models/llm/llm_calibration.hpp collects it from a llama2.c model; a scheme
// used on a bare matrix (no model) calibrates on synthetic_calibration().
#pragma once
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "models/formats/matrix.hpp"

namespace tpe {

struct LinearCalibration {
  Matrix<float> w;  // [N][K] the layer's fp32 weights
  Matrix<float> x;  // [T][K] the inputs the fp32 model fed it, one row per calibration token
};

class ModelCalibration {
 public:
  std::string source;                               // what the activations came from (for describe())
  std::map<std::string, LinearCalibration> linears;  // by layer name ("layer 0 wq", ..., "classifier")
  // MixLLM's global ranking needs how much the model's output suffers when one
  // linear is quantized; the model side fills this in, and it runs only when asked
  // (it costs one calibration pass per linear). Maps a layer name to that loss.
  std::function<std::map<std::string, double>(const std::string& low_bits_scheme)> loss_sensitivity;

  // Throws std::invalid_argument naming the layer and listing the known ones.
  const LinearCalibration& at(const std::string& linear) const;
};

// Seeded N(0, 1) activations [rows][k], the calibration of a scheme used on a
// bare weight matrix. Deterministic (splitmix64 + Box-Muller, no <random>).
Matrix<float> synthetic_calibration(int k, int rows, uint64_t seed);

// H = X^T X / T in double, K x K row-major: the layer-output error of a weight
// change D is sum_n D[n] H D[n]^T (mean over calibration tokens of ||x D^T||^2).
std::vector<double> input_gram(const Matrix<float>& x);
// That error for a weight matrix b against a reference a ([N][K] both).
double output_error(const std::vector<double>& h, const Matrix<float>& a, const Matrix<float>& b);
// ... for one output row (K values each).
double row_output_error(const std::vector<double>& h, const float* a, const float* b, int k);

}  // namespace tpe
