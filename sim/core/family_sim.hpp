// The cycle-model view of an engine family: its controller (the schedule
// that tiles a GEMM) and its C++ cycle model, both on the family's ports.
#pragma once
#include <cstdint>
#include <memory>

#include "models/engine/engine_config.hpp"
#include "models/formats/matrix.hpp"
#include "sim/core/array_device.hpp"
#include "sim/core/gemm_controller.hpp"

namespace tpe {

class FamilySim {
 public:
  virtual ~FamilySim() = default;
  virtual std::unique_ptr<GemmController> make_controller(const EngineConfig& cfg, const OperandMatrix& a,
                                                          const OperandMatrix& b) const = 0;
  virtual std::unique_ptr<ArrayDevice> make_model(const EngineConfig& cfg) const = 0;
  // A generous bound on the cycles of a GEMM: a stuck run stops there
  // instead of hanging. Default: 2 x the closed form + 1000; families
  // without a closed form override it.
  virtual uint64_t cycle_bound(const EngineConfig& cfg, const GemmShape& shape) const;
};

// Shorthands through the registry.
std::unique_ptr<ArrayDevice> make_array_model(const EngineConfig& cfg);
std::unique_ptr<GemmController> make_controller(const EngineConfig& cfg, const OperandMatrix& a,
                                                const OperandMatrix& b);

}  // namespace tpe
