#include "models/quant/calibrated_scheme.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "models/formats/int_formats.hpp"
#include "models/quant/quant_groups.hpp"
#include "models/quant/scheme_common.hpp"

namespace tpe {
namespace {

// A calibrated scheme bound to one model: each linear is prepared on the inputs
// that layer saw. Keeps its own copy of the calibration (the model's may go away).
class BoundScheme final : public LinearScheme {
 public:
  BoundScheme(const CalibratedScheme& m, ModelCalibration cal) : m_(m), cal_(std::move(cal)) {
    cal_.loss_sensitivity = nullptr;  // it refers to the model being built; not needed after binding
  }
  std::string name() const override { return m_.name(); }
  std::string describe() const override { return m_.describe() + "; calibrated on " + cal_.source; }
  std::unique_ptr<PreparedLinear> prepare(const Matrix<float>& w) const override { return m_.prepare(w); }
  std::unique_ptr<PreparedLinear> prepare_named(const std::string& linear, const Matrix<float>& w) const override {
    check_weights(w, m_.name());
    const LinearCalibration& c = cal_.at(linear);
    if (c.x.cols != w.cols || c.x.rows < 1)
      throw std::invalid_argument(fmt::format("{}: calibration of '{}' has {}x{} inputs; the layer needs K = {}",
                                              m_.name(), linear, c.x.rows, c.x.cols, w.cols));
    return m_.prepare_calibrated(w, c.x, linear);
  }

 private:
  const CalibratedScheme& m_;  // registered schemes live for the whole program
  ModelCalibration cal_;
};

}  // namespace

std::unique_ptr<LinearScheme> LinearScheme::bind(const ModelCalibration&) const {
  throw std::logic_error(fmt::format("scheme '{}' does not calibrate; bind() is only for calibrated schemes", name()));
}

CalibratedScheme::CalibratedScheme(std::string name, std::string description)
    : name_(std::move(name)), desc_(std::move(description)) {}

std::unique_ptr<PreparedLinear> CalibratedScheme::prepare(const Matrix<float>& w) const {
  check_weights(w, name_);
  return prepare_calibrated(w, synthetic_calibration(w.cols, kSyntheticRows, kSyntheticSeed), "");
}

std::unique_ptr<LinearScheme> CalibratedScheme::bind(const ModelCalibration& cal) const {
  return std::make_unique<BoundScheme>(*this, cal);
}

void fake_quant_asym(const float* in, float* out, int n, int bits, float clip) {
  const int32_t qmax = (int32_t(1) << bits) - 1;
  float lo = std::numeric_limits<float>::infinity(), hi = -lo;
  for (int i = 0; i < n; ++i) {
    const float v = std::min(std::max(in[i], -clip), clip);
    lo = std::min(lo, v);
    hi = std::max(hi, v);
  }
  const float s = std::max(hi - lo, 1e-5f) / float(qmax);
  const int32_t z = saturate_rne(-rne(double(lo / s)), 0, qmax);
  for (int i = 0; i < n; ++i) {
    const float v = std::min(std::max(in[i], -clip), clip);
    const int32_t q = saturate_rne(rne(double(v / s)) + z, 0, qmax);
    out[i] = s * float(q - z);
  }
}

Matrix<float> fake_quant_asym_groups(const Matrix<float>& w, int bits, int group) {
  const GroupLayout gl = make_group_layout(w.cols, group);
  Matrix<float> out(w.rows, w.cols);
  for (int n = 0; n < w.rows; ++n)
    for (int g = 0; g < gl.count(); ++g)
      fake_quant_asym(w.row(n) + gl.begin(g), out.row(n) + gl.begin(g), gl.length(g), bits,
                      std::numeric_limits<float>::infinity());
  return out;
}

}  // namespace tpe
