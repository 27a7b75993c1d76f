#include "sim/core/array_io.hpp"

#include <stdexcept>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "models/engine/family_registry.hpp"

namespace tpe {
namespace {

int index_of(const std::vector<PortSpec>& ports, const std::string& name, const char* dir) {
  for (size_t i = 0; i < ports.size(); ++i)
    if (ports[i].name == name) return int(i);
  throw std::logic_error(fmt::format("the family has no {} port '{}'", dir, name));
}

PortValues zeros(const std::vector<PortSpec>& ports) {
  PortValues v;
  for (const auto& p : ports) v.port.emplace_back(size_t(p.lanes), 0);
  return v;
}

// `name=v0,v1,...` for every port meaningful this cycle; a 1-bit flag by its
// name alone when set; a status bit as `name=0/1`.
std::string format(const std::vector<PortSpec>& ports, const PortValues& v, const char* none) {
  auto gate_open = [&](const std::string& gate) {
    for (size_t i = 0; i < ports.size(); ++i)
      if (ports[i].name == gate) return v.port[i][0] != 0;
    return true;
  };
  std::string s;
  for (size_t i = 0; i < ports.size(); ++i) {
    const PortSpec& p = ports[i];
    const bool flag = p.lanes == 1 && p.lane_bits == 1 && p.role != PortRole::Status;
    if (flag && !v.port[i][0]) continue;
    if (!flag && !p.gate.empty() && !gate_open(p.gate)) continue;
    if (!s.empty()) s += ' ';
    s += flag ? p.name : fmt::format("{}={}", p.name, fmt::join(v.port[i], ","));
  }
  return s.empty() ? none : s;
}

}  // namespace

PortLayout::PortLayout(const std::vector<PortSpec>& ports) {
  for (const auto& p : ports) {
    if (p.dir == PortDir::In) {
      if (p.role == PortRole::Strobe) strobes.push_back(int(in.size()));
      in.push_back(p);
    } else {
      if (p.role == PortRole::OutValid) out_valid = int(out.size());
      out.push_back(p);
    }
  }
}

PortLayout PortLayout::of(const EngineConfig& cfg) { return PortLayout(family_of(cfg).spec->ports(cfg)); }

int PortLayout::input(const std::string& name) const { return index_of(in, name, "input"); }
int PortLayout::output(const std::string& name) const { return index_of(out, name, "output"); }
ArrayInputs PortLayout::make_inputs() const { return zeros(in); }
ArrayOutputs PortLayout::make_outputs() const { return zeros(out); }

bool PortLayout::any_strobe(const ArrayInputs& v) const {
  for (int s : strobes)
    if (v.port[size_t(s)][0]) return true;
  return false;
}

std::string PortLayout::format_inputs(const ArrayInputs& v) const { return format(in, v, "-"); }
std::string PortLayout::format_outputs(const ArrayOutputs& v) const { return format(out, v, "-"); }

}  // namespace tpe
