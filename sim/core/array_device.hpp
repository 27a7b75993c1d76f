// A clocked array: one call = one rising clock edge. Inputs are sampled at
// the edge; outputs are the registered values after it (Moore outputs).
// Implemented by the C++ cycle models (sim/) and by Verilated RTL (hw/).
#pragma once
#include "sim/core/activity.hpp"
#include "sim/core/array_io.hpp"

namespace tpe {

class ArrayDevice {
 public:
  virtual ~ArrayDevice() = default;
  // Synchronous reset (held for one edge).
  virtual void reset() = 0;
  virtual const ArrayOutputs& tick(const ArrayInputs& in) = 0;
  // What the array did so far, where the implementation counts it (the models do).
  virtual const ArrayActivity* activity() const { return nullptr; }
};

}  // namespace tpe
