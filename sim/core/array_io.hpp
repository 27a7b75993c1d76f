// What crosses the boundary between a controller and an array in one clock
// cycle: the value of every port of the family's list (FamilySpec::ports), in
// that list's order, one direction at a time. The same values drive the
// SystemC cycle model and the Verilated RTL (whose top-level ports carry
// exactly these, lane i of a port at bits [i*w +: w]), so both see identical
// stimulus.
#pragma once
#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "models/engine/family_spec.hpp"

namespace tpe {

struct PortValues {
  std::vector<std::vector<int64_t>> port;  // port[p][lane]; a 1-bit port has one lane

  bool flag(int p) const { return port[size_t(p)][0] != 0; }
  void set(int p, int64_t v) { port[size_t(p)][0] = v; }
};
using ArrayInputs = PortValues;
using ArrayOutputs = PortValues;

// lanes[0..n) = src[0..n), the other lanes 0 (no source: all 0): a controller
// filling a port from a partial tile. One copy and one fill rather than a
// bounds test per lane.
template <class T>
void copy_padded(const T* src, int n, std::vector<int64_t>& lanes) {
  if (!src) n = 0;
  std::copy_n(src, n, lanes.begin());
  std::fill(lanes.begin() + n, lanes.end(), 0);
}

// A family's ports split by direction, with the indices the generic
// machinery needs. Built once per run from FamilySpec::ports.
struct PortLayout {
  std::vector<PortSpec> in, out;
  std::vector<int> strobes;  // inputs with role Strobe
  int out_valid = -1;        // the output with role OutValid, or -1

  explicit PortLayout(const std::vector<PortSpec>& ports);
  static PortLayout of(const EngineConfig& cfg);  // from the registered family
  int input(const std::string& name) const;   // index; throws std::logic_error naming a missing port
  int output(const std::string& name) const;
  ArrayInputs make_inputs() const;    // every lane 0
  ArrayOutputs make_outputs() const;
  bool any_strobe(const ArrayInputs& in) const;

  // One-line renderings for the per-cycle text trace, identical for the model
  // and the RTL so that traces diff as text: `name=lanes` for every port that
  // is meaningful this cycle (data whose gate is set, ungated ports always),
  // 1-bit flags by name when set, "-" when none.
  std::string format_inputs(const ArrayInputs& in) const;
  std::string format_outputs(const ArrayOutputs& out) const;
};

}  // namespace tpe
