#include "hw/synth/tech_scaling.hpp"

#include <cmath>
#include <map>
#include <sstream>
#include <stdexcept>

namespace tpe::hw {

namespace {

// Stillmaker & Baas 2017 fits, per node. delay(V) = d3 V^3 + d2 V^2 + d1 V + d0;
// energy(V) = e2 V^2 + e1 V + e0; static power(V) = p2 V^2 + p1 V + p0. Only
// ratios between nodes are meaningful. HP (high-performance) models at 45 nm
// and below. Area: the paper's relative area of a circuit laid out at 180 nm.
struct SbNode {
  double d3, d2, d1, d0, e2, e1, e0, p2, p1, p0;
  double rel_area;  // area at this node / area at 180 nm
};

const std::map<int, SbNode>& sb_table() {
  static const std::map<int, SbNode> t = {
      {180, {0, 97.09, -356.7, 406.5, 0, 24.64, -17.98, 0, 101000, -79720, 1.0}},
      {130, {-76.65, 334.9, -493.4, 275.8, 7.171, -6.709, 2.904, 27020, -15450, 5630, 0.34}},
      {90, {-60.34, 262.5, -384.2, 210.9, 4.762, -4.781, 2.092, 17320, -11230, 4328, 0.15}},
      {65, {-53.3, 230.4, -333.9, 178.6, 3.755, -4.398, 1.975, 12890, -10510, 4362, 0.08}},
      {45, {-501.6, 1567, -1619, 566.1, 1.018, -0.3107, 0.1539, 5462, -1760, 522.4, 0.053}},
      {32, {-1047, 2982, -2797, 873.5, 0.8367, -0.4341, 0.1701, 4001, -1733, 533.6, 0.025}},
      {20, {0, 34.63, -66.37, 41.15, 0.373, -0.1582, 0.04104, 2922, -1286, 299.9, 0.011}},
      {16, {0, 24.8, -47.52, 28.87, 0.2958, -0.1241, 0.03024, 2133, -882.6, 197.7, 0.010}},
      {14, {-40.66, 109.2, -100.6, 35.92, 0.2363, -0.09675, 0.02239, 1675, -711, 159, 0.0093}},
      {10, {-34.95, 93.65, -85.99, 30.4, 0.2068, -0.09311, 0.02375, 1456, -621.6, 143.8, 0.0055}},
      {7, {-28.58, 76.6, -70.26, 24.69, 0.1776, -0.09097, 0.02447, 1179, -515.7, 123.4, 0.0032}},
  };
  return t;
}

struct Abs { double area, delay, energy, power; };

Abs sb_eval(int nm, double v) {
  const SbNode& n = sb_table().at(nm);
  return {n.rel_area, ((n.d3 * v + n.d2) * v + n.d1) * v + n.d0, (n.e2 * v + n.e1) * v + n.e0,
          (n.p2 * v + n.p1) * v + n.p0};
}

// 28 nm: geometric interpolation in log(feature size) between 32 and 20 nm.
Abs sb_at(double nm, double v, bool& derived) {
  const int k = int(std::lround(nm));
  if (sb_table().count(k)) return sb_eval(k, v);
  if (k == 28) {
    derived = true;
    const Abs a = sb_eval(32, v), b = sb_eval(20, v);
    const double t = std::log(32.0 / 28.0) / std::log(32.0 / 20.0);
    auto geo = [t](double x, double y) { return std::pow(x, 1 - t) * std::pow(y, t); };
    return {geo(a.area, b.area), geo(a.delay, b.delay), geo(a.energy, b.energy), geo(a.power, b.power)};
  }
  throw std::invalid_argument("tech scaling: no Stillmaker & Baas coefficients for " + std::to_string(k) + " nm");
}

const char* kSbSource =
    "A. Stillmaker, B. Baas, \"Scaling equations for the accurate prediction of CMOS device performance from "
    "180 nm to 7 nm\", Integration, the VLSI Journal 58 (2017) 74-81, doi:10.1016/j.vlsi.2017.02.002; area "
    "table and delay/energy/static-power polynomials (HP models <= 45 nm), coefficients as transcribed in "
    "nodeScale (UCLA NanoCAD, MIT licence)";

}  // namespace

bool scaling_node_supported(double nm) {
  const int k = int(std::lround(nm));
  return sb_table().count(k) || k == 28;
}

double default_vdd(double nm) {
  // PTM nominal supplies (our assumption for "nominal"; pass a VDD to override).
  static const std::map<int, double> v = {{180, 1.8}, {130, 1.3}, {90, 1.2}, {65, 1.1}, {45, 1.0}, {32, 0.9},
                                          {28, 0.9},  {20, 0.9},  {16, 0.85}, {14, 0.8}, {10, 0.75}, {7, 0.7}};
  const auto it = v.find(int(std::lround(nm)));
  if (it == v.end()) throw std::invalid_argument("tech scaling: no default VDD for " + std::to_string(nm) + " nm");
  return it->second;
}

ScalingFactors scaling_factors(double from_nm, double to_nm, ScalingModel model, double from_vdd, double to_vdd) {
  if (!scaling_node_supported(from_nm) || !scaling_node_supported(to_nm))
    throw std::invalid_argument("tech scaling: supported nodes are 180, 130, 90, 65, 45, 32, 28 (derived), 20, 16, "
                                "14, 10, 7 nm; got " + std::to_string(from_nm) + " -> " + std::to_string(to_nm));
  ScalingFactors f;
  f.from_nm = from_nm;
  f.to_nm = to_nm;
  f.from_vdd = from_vdd > 0 ? from_vdd : default_vdd(from_nm);
  f.to_vdd = to_vdd > 0 ? to_vdd : default_vdd(to_nm);
  std::ostringstream src;
  if (model == ScalingModel::Dennard) {
    const double s = to_nm / from_nm;
    f.area = s * s;
    f.delay = s;
    f.energy = s * s * s;
    f.static_power = s * s;
    f.model = "Dennard constant-field";
    src << "classic constant-field scaling (R. Dennard et al., IEEE JSSC 1974), s = " << to_nm << "/" << from_nm
        << ": area s^2, delay s, energy s^3, power s^2; VDD not used";
  } else {
    bool derived = false;
    const Abs a = sb_at(from_nm, f.from_vdd, derived);
    const Abs b = sb_at(to_nm, f.to_vdd, derived);
    f.area = b.area / a.area;
    f.delay = b.delay / a.delay;
    f.energy = b.energy / a.energy;
    f.static_power = b.power / a.power;
    f.derived = derived;
    f.model = "Stillmaker & Baas 2017";
    src << kSbSource << "; " << from_nm << " nm @ " << f.from_vdd << " V -> " << to_nm << " nm @ " << f.to_vdd
        << " V (VDD: PTM nominal unless given)";
    if (derived) src << "; 28 nm derived by geometric interpolation between the 32 and 20 nm fits";
  }
  f.source = src.str();
  return f;
}

ScaledEstimate scale_report(const SynthReport& r, double to_nm, ScalingModel model, double to_vdd) {
  ScaledEstimate e;
  e.factors = scaling_factors(r.technology.node_nm, to_nm, model, r.technology.voltage_v, to_vdd);
  e.area_um2 = r.total_area_um2 * e.factors.area;
  e.critical_path_ns = r.timing.critical_path_ns * e.factors.delay;
  e.fmax_mhz = e.critical_path_ns > 0 ? 1000.0 / e.critical_path_ns : 0.0;
  e.dynamic_energy_per_cycle_pj = r.power.dynamic_mw * r.timing.clock_period_ns * e.factors.energy;
  e.leakage_mw = r.power.leakage_mw * e.factors.static_power;
  return e;
}

}  // namespace tpe::hw
