// A quantization scheme for one linear layer Y[M,N] = X[M,K] . W[N,K]^T
// (../shared/ref/pe_arith.md section 0 conventions). A scheme prepares the
// weights once (quantizes them) and then runs activations through; every
// integer GEMM inside goes through the IntGemmEngine it is given.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "models/formats/matrix.hpp"
#include "models/gemm/gemm_engine.hpp"

namespace tpe {

class ModelCalibration;  // models/quant/calibration.hpp

class PreparedLinear {
 public:
  virtual ~PreparedLinear() = default;
  // x: [M][K] fp32 activations -> [M][N] fp32 outputs.
  virtual Matrix<float> forward(const Matrix<float>& x, IntGemmEngine& engine) const = 0;
};

class LinearScheme {
 public:
  virtual ~LinearScheme() = default;
  virtual std::string name() const = 0;         // e.g. "w8a8"
  virtual std::string describe() const = 0;     // what is integer, where scales apply, order
  // w: [N][K] fp32 weights as stored in a checkpoint.
  virtual std::unique_ptr<PreparedLinear> prepare(const Matrix<float>& w) const = 0;

  // Methods that calibrate on activations (AWQ, GPTQ, ...; calibrated_scheme.hpp)
  // return true. A model then collects its linears' inputs and weights and asks
  // for the scheme bound to them; the bound scheme prepares each linear by name.
  virtual bool needs_calibration() const { return false; }
  // `linear` names the layer ("layer 3 wq", "classifier"); the default ignores it.
  virtual std::unique_ptr<PreparedLinear> prepare_named(const std::string& linear, const Matrix<float>& w) const {
    (void)linear;
    return prepare(w);
  }
  // Only for needs_calibration(): the scheme bound to one model's calibration.
  virtual std::unique_ptr<LinearScheme> bind(const ModelCalibration& cal) const;
};

// All registered schemes (quant_registry.cpp lists them), "fp32" first.
const std::vector<std::unique_ptr<LinearScheme>>& all_schemes();
// Throws std::invalid_argument naming the unknown scheme and the known ones.
const LinearScheme& find_scheme(const std::string& name);

}  // namespace tpe
