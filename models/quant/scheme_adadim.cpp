// AdaDim for one linear layer W [N][K]:
//  * per-OC (the usual): llm-awq asymmetric groups of G consecutive k within
//    an output row n (exactly rtn-w<b>-g<G>-asym);
//  * per-IC: the same quantizer on groups of G consecutive n within an input
//    column k, so one input channel's outlier weights get their own scale
//    instead of stretching a whole row's (the AdaDim paper's observation:
//    outliers in LLM weights line up along input channels);
//  * adaptive: whichever of the two has the smaller layer-output error
//    mean_t ||x_t (W - W')^T||^2 on the calibration activations (ties: per-OC).
// Forward: y = sum over k ascending of x*w' in fp32.
#include "models/quant/scheme_adadim.hpp"

#include <stdexcept>

#include <fmt/format.h>

#include "models/quant/calibrated_scheme.hpp"
#include "models/quant/scheme_common.hpp"

namespace tpe {
namespace {

class AdaDimScheme final : public CalibratedMethod<AdaDimConfig> {
 public:
  using CalibratedMethod::CalibratedMethod;
  bool needs_calibration() const override { return c_.mode == AdaDimMode::Adaptive; }

  std::unique_ptr<PreparedLinear> prepare_calibrated(const Matrix<float>& w, const Matrix<float>& x,
                                                     const std::string&) const override {
    Matrix<float> pic = transpose(fake_quant_asym_groups(transpose(w), c_.bits, c_.group));
    if (c_.mode == AdaDimMode::PerIcOnly) return make_dequant_linear(std::move(pic), name());
    Matrix<float> poc = fake_quant_asym_groups(w, c_.bits, c_.group);
    const std::vector<double> h = input_gram(x);
    const bool ic = output_error(h, w, pic) < output_error(h, w, poc);
    return make_dequant_linear(ic ? std::move(pic) : std::move(poc), name());
  }

};

}  // namespace

std::unique_ptr<LinearScheme> make_adadim_scheme(const AdaDimConfig& c) {
  check_int_param("adadim bits", c.bits, 2, 8);
  check_int_param("adadim group", c.group, 1, 1 << 24);
  const bool ada = c.mode == AdaDimMode::Adaptive;
  const std::string name = fmt::format("{}-w{}-g{}", ada ? "adadim" : "pic", c.bits, c.group);
  const std::string desc =
      ada ? fmt::format("AdaDim: per layer, llm-awq asymmetric uint{} groups of {} either along K within an output "
                        "row (per-OC) or along N within an input column (per-IC), whichever has the smaller "
                        "layer-output error on calibration activations; forward y = sum over k ascending of x*w' in fp32",
                        c.bits, c.group)
          : fmt::format("per-input-channel RTN: llm-awq asymmetric uint{} groups of {} consecutive output rows "
                        "within each input column k; forward y = sum over k ascending of x*w' in fp32",
                        c.bits, c.group);
  return std::make_unique<AdaDimScheme>(c, name, desc);
}

}  // namespace tpe
