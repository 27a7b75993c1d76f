// The energy view of an engine family: which counts its energy is fitted to
// and priced by, how to measure the data-dependent ones (bit toggles) from a
// run, and which gate-level runs characterize it.
//
// A count is named either by an activity counter of the family
// (FamilySpec::counters, e.g. "mac") or by a toggle count of its recorder
// prefixed "toggles." (e.g. "toggles.pe_operand_bits"). hw/energy/
// energy_characterize fits one energy per PricedAction to the gate-level
// runs by non-negative least squares (the PE actions to the PEs' energy above
// idle, the top actions to the top's own), and hw/energy/energy_replay prices
// a trace as idle + sum over actions of count x energy.
#pragma once
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "models/engine/engine_config.hpp"
#include "models/formats/matrix.hpp"
#include "sim/core/activity.hpp"
#include "sim/core/array_device.hpp"

namespace tpe::hw {

struct PricedAction {
  std::string action;      // key in the energy table, e.g. "pe_operand_toggle_bit"
  std::string count;       // "mac", "skew_reg_write_bits", "toggles.pe_operand_bits", ...
  std::string label;       // row of the readable report, e.g. "operand toggles"
  std::string count_unit;  // "MACs", "bits", "values"
  std::string per;         // what one count is: "MAC", "bit toggle", "value"
};

// What a run showed beyond the activity counters: toggle counts the replay
// prices (written to the activity trace's "toggles"), and per-port rates
// recorded in the energy table for reference.
struct ToggleCounts {
  std::map<std::string, uint64_t> bits;                          // e.g. "pe_operand_bits"
  std::map<std::string, std::map<std::string, double>> rates;    // e.g. "pe_mac_activity" -> {"a_in": 0.31}
  std::map<std::string, double> figures;                         // e.g. "reg_activity_per_cycle"
};

// Sits between a controller and an array device and counts, every edge, the
// toggles the family's energy is priced by.
class ToggleRecorder : public ArrayDevice {
 public:
  explicit ToggleRecorder(ArrayDevice& inner) : inner_(inner) {}
  void reset() override { inner_.reset(); }
  const std::vector<uint64_t>* counters() const override { return inner_.counters(); }
  virtual ToggleCounts result(const ActivityTrace& trace) const = 0;

 protected:
  ArrayDevice& inner_;
};

// One gate-level characterization run.
struct CharacterizationRun {
  std::string name;            // "layer", "zero", ...
  OperandMatrix a, b;
  bool fit_top = true;         // part of the top actions' fit (runs whose data never toggles are not)
};

class FamilyEnergy {
 public:
  virtual ~FamilyEnergy() = default;
  virtual std::unique_ptr<ToggleRecorder> make_toggle_recorder(const EngineConfig& cfg, ArrayDevice& inner) const = 0;
  // The runs, given the characterization layer's operands (the first run
  // should be that layer: the "mac" fallback price is taken from it).
  virtual std::vector<CharacterizationRun> characterization_runs(const EngineConfig& cfg, const OperandMatrix& layer_a,
                                                                 const OperandMatrix& layer_b,
                                                                 const OperandMatrix& corner_a,
                                                                 const OperandMatrix& corner_b) const = 0;
  // The shape of the corner run's operands (e.g. a short K), from the layer's.
  virtual GemmShape corner_shape(const EngineConfig& cfg, const GemmShape& layer) const = 0;
  virtual std::vector<PricedAction> pe_actions(const EngineConfig& cfg) const = 0;
  virtual std::vector<PricedAction> top_actions(const EngineConfig& cfg) const = 0;
  // Part of the energy table's cache key: bump it when the recorder's counts
  // or the runs change, so tables fitted to the old counts are not reused.
  virtual int table_version() const { return 1; }
};

// The value of a named count (see above) in a run; throws naming it when absent.
double count_of(const std::string& count, const ActivityTrace& trace, const ToggleCounts& toggles);

}  // namespace tpe::hw
