#include "sim/core/array_io.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace tpe {

std::string format_inputs(const ArrayInputs& in) {
  std::string s;
  if (in.in_valid)
    s += fmt::format("in{} a={} {}={} ", in.in_first ? "*" : "", fmt::join(in.a, ","), in.b.empty() ? "p" : "b",
                     fmt::join(in.b.empty() ? in.psum : in.b, ","));
  if (in.w_load) s += fmt::format("wl w={} ", fmt::join(in.w, ","));
  if (in.rd_en) s += fmt::format("rd {} ", in.rd_row);
  return s.empty() ? "-" : s.substr(0, s.size() - 1);
}

std::string format_outputs(const ArrayOutputs& out) {
  std::string s = out.idle ? "idle" : "busy";
  if (out.out_valid) s += fmt::format(" c={}", fmt::join(out.c, ","));
  return s;
}


}  // namespace tpe
