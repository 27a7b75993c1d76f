// The list of quantization schemes. Add a scheme by adding it here.
#include <stdexcept>

#include <fmt/format.h>

#include "models/quant/quant_scheme.hpp"
#include "models/quant/scheme_adadim.hpp"
#include "models/quant/scheme_awq.hpp"
#include "models/quant/scheme_fireq.hpp"
#include "models/quant/scheme_gptq.hpp"
#include "models/quant/scheme_mixllm.hpp"
#include "models/quant/scheme_squeezellm.hpp"
#include "models/quant/scheme_bcq_shiftadd.hpp"
#include "models/quant/scheme_comet.hpp"
#include "models/quant/scheme_float_mul.hpp"
#include "models/quant/scheme_fp32.hpp"
#include "models/quant/scheme_group_int.hpp"
#include "models/quant/scheme_llmint8.hpp"
#include "models/quant/scheme_lutgemm.hpp"
#include "models/quant/scheme_rtn.hpp"
#include "models/quant/scheme_ternary.hpp"
#include "models/quant/scheme_tmac.hpp"
#include "models/quant/scheme_w4a16.hpp"
#include "models/quant/scheme_w8a8.hpp"

namespace tpe {

namespace {
void add_rtn_schemes(std::vector<std::unique_ptr<LinearScheme>>& v) {
  for (int bits : {8, 4}) {
    v.push_back(make_rtn_scheme({bits, RtnGranularity::Tensor, 0, false}));
    v.push_back(make_rtn_scheme({bits, RtnGranularity::Channel, 0, false}));
  }
  for (int bits : {8, 4, 3})
    for (int g : {32, 64, 128})
      for (bool asym : {false, true}) v.push_back(make_rtn_scheme({bits, RtnGranularity::Group, g, asym}));
}

// The methods that calibrate on activations (issue 11), each at the group
// sizes of the RTN baselines they are compared with (rtn-w4-g<G>-asym,
// rtn-w4-channel, w4a8fp-g128).
void add_calibrated_schemes(std::vector<std::unique_ptr<LinearScheme>>& v) {
  for (int g : {32, 128}) {
    v.push_back(make_awq_scheme({4, g, 20, true}));
    v.push_back(make_gptq_scheme({4, g, 128, 0.01}));
    v.push_back(make_adadim_scheme({4, g, AdaDimMode::Adaptive}));
    v.push_back(make_mixllm_scheme({4, 8, g, 10.0, true}));
  }
  v.push_back(make_adadim_scheme({4, 32, AdaDimMode::PerIcOnly}));
  v.push_back(make_mixllm_scheme({4, 8, 32, 10.0, false}));
  v.push_back(make_squeezellm_scheme({4, 0.45, 0}));
  v.push_back(make_squeezellm_scheme({4, 0.0, 0}));
  v.push_back(make_fireq_scheme({128, true}));
  v.push_back(make_fireq_scheme({128, false}));
}
}  // namespace

const std::vector<std::unique_ptr<LinearScheme>>& all_schemes() {
  static const std::vector<std::unique_ptr<LinearScheme>> schemes = [] {
    std::vector<std::unique_ptr<LinearScheme>> v;
    v.push_back(make_fp32_scheme());
    add_rtn_schemes(v);
    v.push_back(make_w8a8_scheme());
    v.push_back(make_w4a16_scheme(128));
    v.push_back(make_llmint8_scheme());
    v.push_back(make_w4a8_scheme(false));
    v.push_back(make_w4a8_scheme(true));
    v.push_back(make_comet_scheme());
    v.push_back(make_flexq_scheme(6));
    v.push_back(make_flexq_scheme(8));
    v.push_back(make_ternary_scheme());
    v.push_back(make_bcq_shiftadd_scheme());
    v.push_back(make_lutgemm_scheme());
    v.push_back(make_tmac_scheme());
    add_float_mul_schemes(v);
    add_calibrated_schemes(v);
    return v;
  }();
  return schemes;
}

const LinearScheme& find_scheme(const std::string& name) {
  std::string known;
  for (auto& s : all_schemes()) {
    if (s->name() == name) return *s;
    known += (known.empty() ? "" : ", ") + s->name();
  }
  throw std::invalid_argument(fmt::format("unknown scheme '{}'; known schemes: {}", name, known));
}

}  // namespace tpe
