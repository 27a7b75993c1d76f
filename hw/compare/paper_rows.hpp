// The arithmetic of `tpe compare-paper`'s rows, apart from the slow
// measurements (synthesis, gate-level energy) so it can be tested in
// milliseconds: the row kinds of configs/paper/comparison.json, their
// validation, the sizing rules (equal peak throughput of a bit-slice pair)
// and the ratios.
//
//   pe_pair            optimized vs baseline PE on one architecture at the
//                      paper's size: area efficiency = GOPS/mm2 at the
//                      family's peak MACs/cycle and the per-PE Fmax.
//   equal_throughput   bit-slice engine vs the Laconic-like one, both arrays
//                      sized to the same peak MACs/cycle (checked); area
//                      efficiency at the throughput measured on the layer
//                      (the engines' cycles depend on the data, so their
//                      peaks are never reached and differ in how far).
//   equal_area         bit-slice PE vs the int8 MAC PE: how many times a MAC
//                      PE's throughput the bit-slice PEs that fit in its area
//                      give (the paper: 3 OPT4C PEs = 2.7x, one OPT4E group
//                      3.6x); a MAC PE does 1 MAC per cycle, a bit-slice PE
//                      what it did on the layer.
// Energy efficiency is TOPS/W on the same real layer tile in every kind.
#pragma once
#include <string>

#include <nlohmann/json.hpp>

#include "models/engine/engine_config.hpp"

namespace tpe::hw {

enum class RowKind { PePair, EqualThroughput, EqualArea };

// The row's "kind" (default "pe_pair"); throws ConfigError naming `file`,
// the field rows[i].kind, the value and the allowed ones.
RowKind row_kind(const nlohmann::json& row, const std::string& file, size_t index);
std::string to_string(RowKind k);

// Throws ConfigError naming the file and rows[i].optimized when an
// equal_throughput pair's peak MACs/cycle differ (the sizing rule).
void check_row_sizing(RowKind k, const EngineConfig& base, const EngineConfig& opt, const std::string& file,
                      size_t index);

// What the ratios need of one engine.
struct EngineFigures {
  double area_um2 = 0;         // whole array
  double fmax_mhz = 0;         // per-PE (hierarchical) Fmax
  double peak_macs_per_cycle = 0;
  double layer_macs = 0, layer_cycles = 0;  // the real layer's run
  double pe_count = 0, pe_area_um2 = 0;     // one PE (a bit-slice OPT4E group)
  double tops_per_w = 0;
};

// GOPS/mm2 (1 MAC = 2 ops) at the peak or at the layer's MACs/cycle.
double gops_per_mm2(const EngineFigures& e, bool at_layer_throughput);

struct RowRatios {
  double area_eff = 0, energy_eff = 0;
};
// optimized / baseline; for equal_area the baseline is the MAC engine.
RowRatios row_ratios(RowKind k, const EngineFigures& base, const EngineFigures& opt);

}  // namespace tpe::hw
