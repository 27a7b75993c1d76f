// An IntGemmEngine that runs every integer GEMM of a scheme or an LLM layer on
// an engine description instead of the software reference, and keeps one
// record per GEMM (its scope, shape, cycles, MACs and activity counters), so
// a whole model run can report cycles, utilization and energy per token,
// per layer and per GEMM kind.
//
// Two fidelities:
//  - CycleModel: the SystemC cycle model (simulate_gemm), the result checked
//    against the bit-exact reference on every GEMM;
//  - ClosedForm: the values from the reference, the cycles from the family's
//    closed form (FamilySpec::cycles_for_operands), nothing simulated; the
//    activity then holds only cycles and "mac" (no per-action counters).
// Nothing here names a family: every registered family runs through it.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "models/engine/engine_config.hpp"
#include "models/formats/matrix.hpp"
#include "models/gemm/gemm_engine.hpp"
#include "sim/core/activity.hpp"
#include "sim/core/array_device.hpp"

namespace tpe {

enum class SimFidelity { CycleModel, ClosedForm };

struct GemmRecord {
  std::string scope;  // IntGemmEngine::set_scope at the time, e.g. "layer 3 wq"
  GemmShape shape;
  IntFormat fa, fb;
  uint64_t cycles = 0;
  double macs = 0;
  bool second_device_checked = false;  // the GEMM also ran on the second device, equal values and cycles
  ActivityTrace activity;  // CycleModel: the run's counters; ClosedForm: cycles and mac only
};

// "" when the engine can run a GEMM of these operand formats and accumulator
// width bit-exactly (every value of fa fits the engine's A format, of fb its B
// format, and its accumulator is at least acc_bits wide: the result is
// wrapped down); otherwise one sentence saying what does not fit.
std::string engine_format_problem(const EngineConfig& cfg, const IntFormat& fa, const IntFormat& fb, int acc_bits);

// Thrown (from gemm) when a scheme asks for formats the engine cannot run.
struct EngineFormatError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class SimGemmEngine final : public IntGemmEngine {
 public:
  SimGemmEngine(const EngineConfig& cfg, SimFidelity fidelity);
  ResultMatrix gemm(const OperandMatrix& a, const OperandMatrix& b, const IntFormat& fa, const IntFormat& fb,
                    int acc_bits) override;
  const char* name() const override { return "engine"; }
  void set_scope(const std::string& scope) override { scope_ = scope; }

  const EngineConfig& config() const { return cfg_; }
  // CycleModel only: also run every GEMM on `dev` (e.g. the Verilated RTL,
  // hw/verilator/rtl_array_device) in lockstep with the C++ model, and throw
  // unless its values and cycles equal the model's; nullptr stops that.
  void set_second_device(ArrayDevice* dev) { second_ = dev; }
  const std::vector<GemmRecord>& records() const { return records_; }
  std::vector<GemmRecord> take_records();  // returns and clears

 private:
  EngineConfig cfg_;
  SimFidelity fidelity_;
  std::string scope_;
  std::vector<GemmRecord> records_;
  ArrayDevice* second_ = nullptr;
};

// The scope's layer index ("layer 3 wq" -> 3) or -1 (e.g. "classifier"), and
// its GEMM kind ("wq", "classifier").
int scope_layer(const std::string& scope);
std::string scope_kind(const std::string& scope);

// Adds b's counters into a (same family: same counter names), for per-token
// and per-kind totals the energy replay prices in one go (it is linear).
void accumulate(ActivityTrace& a, const ActivityTrace& b);

}  // namespace tpe
