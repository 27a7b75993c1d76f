// What an engine family declares about itself, in plain C++ (no SystemC, no
// Verilog): its fields, its top-level ports, its activity counters, its
// derived figures and its closed-form cycle count. One port list drives the
// cycle model, the generated RTL top (checked equal by rtlgen/core/generate),
// the Verilated device and the one-line-per-cycle trace; one counter list
// drives the activity trace, the event stream and the energy replay.
//
// The other views of a family implement FamilySim (sim/core/family_sim.hpp),
// FamilyRtl (rtlgen/core/family_rtl.hpp) and FamilyEnergy
// (hw/energy/family_energy.hpp); engines/builtin_families.cpp registers the
// four parts of every family with one line.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "models/engine/engine_config.hpp"
#include "models/formats/matrix.hpp"
#include "models/gemm/gemm_operands.hpp"

namespace tpe {

enum class PortDir { In, Out };

// What a port means to the generic machinery (engine loop, trace, RTL device).
enum class PortRole {
  Data,      // operand, result or select lanes; meaningful while `gate` is set
  Strobe,    // 1-bit input: the array samples something at this edge (the first one starts the cycle count)
  OutValid,  // 1-bit output: a result is on the output lanes (the last one ends the cycle count)
  Status,    // 1-bit output the controller reads every cycle (e.g. idle)
};

struct PortSpec {
  std::string name;       // the RTL top's port name
  PortDir dir = PortDir::In;
  int lanes = 1;          // lane i at bits [i*lane_bits +: lane_bits]
  int lane_bits = 1;
  bool is_signed = false; // output lanes are sign-extended from lane_bits when set
  PortRole role = PortRole::Data;
  std::string gate;       // Data: the Strobe/OutValid port that qualifies it ("" = always meaningful)

  int width() const { return lanes * lane_bits; }
};

// One activity counter: what the engine did, with the unit of one count.
struct CounterSpec {
  std::string name;         // key in the activity trace, e.g. "mac"
  std::string unit;         // "MACs", "bits", "values"
  std::string description;  // one line for docs/activity_trace.md
};

// One case of the shared co-simulation matrix (tests/cosim_matrix.cmake
// runs `tpe cosim` on each of every registered family).
struct MatrixCase {
  std::string name;         // unique within the family, e.g. "os_4x4_int8_odd"
  std::string config_json;  // the engine description
  GemmShape shape;
  std::string operands = "random";  // or "stories260K"
  uint64_t seed = 1;
  bool full_only = false;   // only in `make test-full` (big arrays, long runs)
};

class FamilySpec {
 public:
  virtual ~FamilySpec() = default;

  virtual std::string name() const = 0;     // the "family" value, e.g. "systolic"
  virtual std::string summary() const = 0;  // one line for the README's family table
  // PE variants in the order shown in messages; the first is the default.
  virtual std::vector<std::string> pe_variants() const = 0;
  // The family's own top-level fields, for the unknown-field message.
  virtual std::vector<std::string> fields() const = 0;
  // Reads the family's fields of `j` into cfg.params (common fields are
  // already in cfg) and validates the whole description: throws ConfigError
  // naming source, field, value and the allowed values.
  virtual void parse(const nlohmann::json& j, EngineConfig& cfg, const std::string& source) const = 0;
  // Validates a description built in code (same rules and messages as parse).
  virtual void validate(const EngineConfig& cfg, const std::string& source) const = 0;
  // The family's fields as JSON members (inverse of parse).
  virtual void params_to_json(const EngineConfig& cfg, nlohmann::json& out) const = 0;

  virtual std::string tag(const EngineConfig& cfg) const = 0;
  virtual std::vector<PortSpec> ports(const EngineConfig& cfg) const = 0;  // without clk and rst
  virtual std::vector<CounterSpec> counters(const EngineConfig& cfg) const = 0;  // must include "mac"
  virtual int pe_count(const EngineConfig& cfg) const = 0;
  virtual int peak_macs_per_cycle(const EngineConfig& cfg) const = 0;
  // The cycle count of a GEMM where it follows from the shape alone.
  virtual std::optional<uint64_t> closed_form_cycles(const EngineConfig& cfg, const GemmShape& shape) const = 0;
  // Where it depends on the values too (bit-serial engines), from the operands;
  // by default the closed form of their shape.
  virtual std::optional<uint64_t> cycles_for_operands(const EngineConfig& cfg, const OperandMatrix& a,
                                                      const OperandMatrix& b) const {
    return closed_form_cycles(cfg, GemmShape{a.rows, a.cols, b.cols});
  }
  // Statistics of the operands that set a data-dependent family's cycles
  // (bit-slice: digits and cycles per operand, a histogram), added as
  // members of `out` by `tpe sim --json`; by default none.
  virtual void operand_stats(const EngineConfig&, const OperandMatrix&, const OperandMatrix&,
                             nlohmann::json&) const {}
  virtual std::vector<MatrixCase> test_matrix() const = 0;
  // The output tile (rows of C x columns of C) the memory stage
  // (sim/core/memory_stage.hpp) streams operands for: each tile needs its
  // rows of A and its columns of B over K. Usually the tile of the family's
  // walk over C. None (the default): the family cannot name a memory.
  virtual std::optional<GemmShape> memory_tile(const EngineConfig&) const { return std::nullopt; }

  // ---- Arithmetic: what the engine computes ----------------------------
  // Whether the engine computes plain integer GEMMs, C = A x B wrapped to
  // acc_bits (int_gemm), so an LLM's integer GEMMs can run on it
  // (sim/workload). A family whose values are floating point or that takes
  // operands in a coded form (bit patterns in the matrices) returns false
  // and overrides the two functions below.
  virtual bool computes_integer_gemm() const { return true; }
  // The exact result the engine's cycle model and RTL must produce for
  // these operands: the bit-exact reference the co-simulation, `tpe sim`
  // and the gate-level runs compare with. Default: int_gemm.
  virtual ResultMatrix reference_result(const EngineConfig& cfg, const OperandMatrix& a,
                                        const OperandMatrix& b) const;
  // Operands of one GEMM from a named source ("random", "stories260K",
  // "extremes", "normal:SIGMA"; see models/gemm/gemm_operands.hpp), in the
  // engine's operand encoding. Default: make_integer_operands. Throws
  // std::invalid_argument naming the source and the allowed ones.
  virtual GemmOperands make_operands(const EngineConfig& cfg, const GemmShape& shape, uint64_t seed,
                                     const std::string& source) const;
};

}  // namespace tpe
