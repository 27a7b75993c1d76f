// Base of the schemes that calibrate on activations. A method implements
// prepare_calibrated(w, x, linear): quantize W [N][K] knowing the inputs X [T][K]
// the layer sees. Used on a bare matrix (prepare(w)), it calibrates on 256 rows
// of seeded N(0,1) activations; inside a model (LlmModel), on the fp32 model's
// own activations (bind()).
#pragma once
#include <memory>
#include <string>

#include "models/quant/calibration.hpp"
#include "models/quant/quant_scheme.hpp"

namespace tpe {

class CalibratedScheme : public LinearScheme {
 public:
  CalibratedScheme(std::string name, std::string description);
  std::string name() const override { return name_; }
  std::string describe() const override { return desc_; }
  bool needs_calibration() const override { return true; }
  std::unique_ptr<PreparedLinear> prepare(const Matrix<float>& w) const override;
  // The default binding prepares each linear on its own calibration inputs;
  // a method with model-wide decisions (MixLLM) overrides it.
  std::unique_ptr<LinearScheme> bind(const ModelCalibration& cal) const override;

  // w: [N][K] finite (checked), x: [T][K] with T >= 1. `linear` names the layer ("" when unknown).
  virtual std::unique_ptr<PreparedLinear> prepare_calibrated(const Matrix<float>& w, const Matrix<float>& x,
                                                             const std::string& linear) const = 0;

  static constexpr int kSyntheticRows = 256;
  static constexpr uint64_t kSyntheticSeed = 0x5EEDCA11B0000001ull;

 private:
  std::string name_, desc_;
};

// A calibrated method with its configuration: spares every method the same constructor.
template <class Config>
class CalibratedMethod : public CalibratedScheme {
 public:
  CalibratedMethod(const Config& c, std::string name, std::string description)
      : CalibratedScheme(std::move(name), std::move(description)), c_(c) {}

 protected:
  Config c_;
};

// llm-awq's asymmetric quantizer (pe_arith 2.1) on one group of values, after
// clamping them to [-clip, clip] (clip = +inf: no clamp), written back
// dequantized (fp32(s*(q-z))). Identical to quantize_asymmetric_groups when not clipped.
void fake_quant_asym(const float* in, float* out, int n, int bits, float clip);
// The same on a whole matrix, groups of `group` along each row.
Matrix<float> fake_quant_asym_groups(const Matrix<float>& w, int bits, int group);

}  // namespace tpe
