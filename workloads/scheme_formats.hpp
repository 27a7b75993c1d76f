// Operand formats of a linear layer under a scheme, for workload listings.
// The scheme must be registered (find_scheme); its formats are read from its
// name's wXaY convention ("w8a8": int8 weights and activations, "w4a16":
// int4 weights with fp16 activations), so new schemes are listed without edits.
#pragma once
#include <string>

namespace tpe {

struct OperandFormats {
  std::string weight, activation;
};

// Throws std::invalid_argument (from find_scheme) for an unknown scheme.
OperandFormats scheme_operand_formats(const std::string& scheme);

}  // namespace tpe
