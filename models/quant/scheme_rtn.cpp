#include "models/quant/scheme_rtn.hpp"

#include <stdexcept>

#include <fmt/format.h>

#include "models/formats/int_formats.hpp"
#include "models/quant/quantizers.hpp"
#include "models/quant/scheme_common.hpp"

namespace tpe {
namespace {

std::string rtn_name(const RtnConfig& c) {
  const std::string base = "rtn-w" + std::to_string(c.bits);
  switch (c.granularity) {
    case RtnGranularity::Tensor: return base + "-tensor";
    case RtnGranularity::Channel: return base + "-channel" + (c.asymmetric ? "-asym" : "");
    case RtnGranularity::Group: return base + "-g" + std::to_string(c.group_size) + (c.asymmetric ? "-asym" : "");
  }
  return base;
}

}  // namespace

std::unique_ptr<LinearScheme> make_rtn_scheme(const RtnConfig& cfg) {
  check_int_bits(cfg.bits, "rtn bits");
  if (cfg.granularity == RtnGranularity::Group && cfg.group_size < 1)
    throw std::invalid_argument(fmt::format("rtn group_size = {} is out of range; allowed 1..2^24", cfg.group_size));
  if (cfg.granularity == RtnGranularity::Tensor && cfg.asymmetric)
    throw std::invalid_argument("rtn asymmetric = true is not allowed with per-tensor granularity; allowed false");
  const std::string name = rtn_name(cfg);
  const std::string gran = cfg.granularity == RtnGranularity::Tensor    ? "one scale per tensor"
                           : cfg.granularity == RtnGranularity::Channel ? "one scale per output row n"
                                                                        : fmt::format("one scale per (n, group of {} "
                                                                                      "along K; last group shorter)",
                                                                                      cfg.group_size);
  const std::string desc = fmt::format(
      "weight-only RTN: W quantized to {} {}-bit codes, {}{}; activations stay fp32; forward dequantizes "
      "w' = fp32(s*(q-z)) and computes y = sum over k ascending of x*w' in fp32 (no integer GEMM)",
      cfg.asymmetric ? "unsigned asymmetric (llm-awq zero point)" : "symmetric [-(2^(b-1)-1), 2^(b-1)-1]",
      cfg.bits, gran, cfg.asymmetric ? ", zero point z per group" : "");
  RtnConfig c = cfg;
  return make_scheme(name, desc, [c, name](const Matrix<float>& w) -> std::unique_ptr<PreparedLinear> {
    GroupQuant q;
    const int g = c.granularity == RtnGranularity::Group ? c.group_size : w.cols;
    if (c.granularity == RtnGranularity::Tensor)
      q = quantize_symmetric_tensor(w, c.bits);
    else if (c.asymmetric)
      q = quantize_asymmetric_groups(w, c.bits, g);
    else
      q = quantize_symmetric_groups(w, c.bits, g);
    return make_dequant_linear(dequantize(q), name);
  });
}

}  // namespace tpe
