// Emits a checked Design as Verilog-2005, one file text per module. A pure
// function of the IR: the same design always gives the same text.
#pragma once
#include <map>
#include <string>

#include "rtlgen/ir/ir.hpp"

namespace tpe::rtl {

std::string emit_expr(const ExprP& e);
std::string emit_module(const Module& m, const std::string& banner);
// module name -> file text (named "<module>.v" by the writer).
std::map<std::string, std::string> emit_design(const Design& d, const std::string& banner);

// Merges modules whose bodies are identical apart from their names, keeping
// the first name and pointing every instance at it.
Design dedupe_modules(const Design& d);

}  // namespace tpe::rtl
