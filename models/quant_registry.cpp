// The list of quantization schemes. Add a scheme by adding it here.
#include <stdexcept>

#include <fmt/format.h>

#include "quant_scheme.hpp"
#include "scheme_fp32.hpp"

namespace tpe {

const std::vector<std::unique_ptr<LinearScheme>>& all_schemes() {
  static const std::vector<std::unique_ptr<LinearScheme>> schemes = [] {
    std::vector<std::unique_ptr<LinearScheme>> v;
    v.push_back(make_fp32_scheme());
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
