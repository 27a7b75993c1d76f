#include "workloads/scheme_formats.hpp"

#include <regex>

#include "models/quant/quant_scheme.hpp"

namespace tpe {

OperandFormats scheme_operand_formats(const std::string& scheme) {
  const std::string name = find_scheme(scheme).name();
  static const std::regex wa(R"(w(\d+)a(\d+).*)");
  static const std::regex fp(R"((fp|bf)(\d+))");
  std::smatch m;
  if (std::regex_match(name, m, wa)) {
    const int a = std::stoi(m[2]);
    return {"int" + m[1].str(), a >= 16 ? "fp" + m[2].str() : "int" + m[2].str()};
  }
  if (std::regex_match(name, m, fp)) return {name, name};
  return {name + " weights", name + " activations"};
}

}  // namespace tpe
