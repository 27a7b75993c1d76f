#include "array_io.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace tpe {

bool ArrayInputs::operator==(const ArrayInputs& o) const {
  return in_valid == o.in_valid && in_first == o.in_first && a == o.a && b == o.b && psum == o.psum &&
         w_load == o.w_load && w == o.w && rd_en == o.rd_en && rd_row == o.rd_row;
}

bool ArrayOutputs::operator==(const ArrayOutputs& o) const {
  return idle == o.idle && out_valid == o.out_valid && c == o.c;
}

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

std::ostream& operator<<(std::ostream& os, const ArrayInputs& in) { return os << format_inputs(in); }
std::ostream& operator<<(std::ostream& os, const ArrayOutputs& out) { return os << format_outputs(out); }

}  // namespace tpe
