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
  // True for designs whose Verilated model gcc compiles for minutes at -O2
  // (hundreds of floating-point units flattened into straight-line code):
  // their co-simulation model is compiled at -O0 (seconds per file; the
  // short test GEMMs do not notice the slower model).
  virtual bool compile_unoptimized(const EngineConfig&) const { return false; }
};

}  // namespace tpe::rtl
