// The list of quantization schemes. Add a scheme by adding it here.
#include <stdexcept>

#include <fmt/format.h>

#include "models/quant/quant_scheme.hpp"
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
