// A clocked array: one call = one rising clock edge. Inputs are sampled at
// the edge; outputs are the registered values after it (Moore outputs).
// Implemented by each family's C++ cycle model (sim/families/<f>/) and by
// the Verilated RTL (hw/verilator/rtl_array_device).
#pragma once
#include <cstdint>
#include <vector>

#include "sim/core/array_io.hpp"

namespace tpe {

class ArrayDevice {
 public:
  virtual ~ArrayDevice() = default;
  // Synchronous reset (held for one edge).
  virtual void reset() = 0;
  virtual const ArrayOutputs& tick(const ArrayInputs& in) = 0;
  // What the array did so far, in the family's counter order
  // (FamilySpec::counters), where the implementation counts it (models do).
  virtual const std::vector<uint64_t>* counters() const { return nullptr; }
};

}  // namespace tpe
