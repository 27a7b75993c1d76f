// Technology scaling of area, delay and energy from the 180 nm synthesis
// results (OSU018) to other nodes, chiefly 45 nm and 28 nm, so numbers can be
// set beside published accelerators. Two models:
//
//  * StillmakerBaas2017 (default): A. Stillmaker, B. Baas, "Scaling equations
//    for the accurate prediction of CMOS device performance from 180 nm to
//    7 nm", Integration, the VLSI Journal 58 (2017) 74-81. Area from their
//    area-factor table; delay/energy/static power from their fitted
//    polynomials in VDD (delay cubic, energy and power quadratic), HP models
//    below 65 nm. Coefficients as transcribed in the MIT-licensed nodeScale
//    tool (UCLA NanoCAD, github.com/wromaszkan/nodeScale), cross-checked on
//    the HP32 and 65 nm energy rows quoted in the authors' corrigendum. The
//    paper has no 28 nm row: 28 nm is interpolated geometrically between its
//    32 nm and 20 nm factors (derived; flagged in the result).
//  * Dennard: classic constant-field scaling with s = to/from: area s^2,
//    delay s, energy s^3 (C*V^2), static power s^2. Known to be optimistic
//    below ~90 nm (S&B report up to 83x error); kept for comparison.
#pragma once
#include <string>

#include "hw/synth/synth_report.hpp"

namespace tpe::hw {

enum class ScalingModel { StillmakerBaas2017, Dennard };

struct ScalingFactors {
  double from_nm = 0, to_nm = 0;
  double from_vdd = 0, to_vdd = 0;   // V used in the fits
  double area = 1, delay = 1, energy = 1, static_power = 1;  // multiply a 'from' figure
  bool derived = false;              // interpolated (28 nm) rather than a table row
  std::string model;                 // "Stillmaker & Baas 2017" / "Dennard constant-field"
  std::string source;                // full citation + notes, for the report
};

// Nodes with coefficients: 180, 130, 90, 65, 45, 32, 20, 16, 14, 10, 7, and 28
// (derived). Throws std::invalid_argument for others.
bool scaling_node_supported(double nm);

// Nominal VDD we assume for a node when none is given (PTM nominal supplies:
// 1.8 V at 180 nm ... 0.9 V at 32 nm; see tech_scaling.cpp). Our assumption,
// not a figure from the paper.
double default_vdd(double nm);

// Factors from (from_nm, from_vdd) to (to_nm, to_vdd); vdd <= 0 means default_vdd.
ScalingFactors scaling_factors(double from_nm, double to_nm, ScalingModel model = ScalingModel::StillmakerBaas2017,
                               double from_vdd = 0, double to_vdd = 0);

// A synthesis report's headline figures carried to another node.
struct ScaledEstimate {
  ScalingFactors factors;
  double area_um2 = 0;              // total cell area
  double critical_path_ns = 0;
  double fmax_mhz = 0;
  double dynamic_energy_per_cycle_pj = 0;  // dynamic power x period at the synthesis clock
  double leakage_mw = 0;
};

// Scales `r` (whose node and voltage come from its TechnologyInfo) to `to_nm`.
ScaledEstimate scale_report(const SynthReport& r, double to_nm,
                            ScalingModel model = ScalingModel::StillmakerBaas2017, double to_vdd = 0);

}  // namespace tpe::hw
