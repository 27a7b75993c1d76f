// The RTL view of an engine family: its Verilog generator. generate_rtl
// (rtlgen/core/generate) runs the checking passes on the design and checks
// that the top's ports are clk, rst and exactly FamilySpec::ports.
#pragma once
#include <string>

#include "models/engine/engine_config.hpp"
#include "rtlgen/ir/ir.hpp"

namespace tpe::rtl {

class FamilyRtl {
 public:
  virtual ~FamilyRtl() = default;
  virtual Design generate(const EngineConfig& cfg) const = 0;
  // The processing-element module: synthesized stand-alone for the
  // hierarchical Fmax, and the unit the synthesis report groups by.
  virtual std::string pe_module(const EngineConfig& cfg) const = 0;
};

}  // namespace tpe::rtl
