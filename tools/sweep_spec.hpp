// A design-space sweep: a base engine description, the fields to vary (each
// a list or a range), one workload, the metrics and their fidelity, and the
// metrics whose Pareto front is kept. docs/sweeps.md documents the format;
// configs/sweeps/ holds examples. Points are the Cartesian product of the
// varied fields, in the order the spec lists them (the last field varies
// fastest), so a spec always expands to the same numbered points.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace tpe::cli {

struct SweepAxis {
  std::string field;                // dotted path into the description, e.g. "rows", "a.bits";
                                    // "workload.X" varies the workload's field X instead (batch, seq, clock_mhz)
  std::vector<nlohmann::json> values;
};

struct ParetoGoal {
  std::string metric;
  bool minimize = true;
};

struct SweepSpec {
  std::string source;          // the spec file
  nlohmann::json base;         // the base engine description
  std::vector<SweepAxis> axes;
  nlohmann::json workload;     // {"gemm": "MxKxN"} | {"model", "phase", "seq"|"batch","ctx"} | {"checkpoint", "scheme", "steps"}
  std::vector<std::string> metrics;
  std::string cycles_fidelity = "cycle_model";  // or "closed_form"
  bool synthesis = false;      // area, Fmax and energy from synthesis (energy table)
  std::vector<ParetoGoal> pareto;
  uint64_t seed = 1;
  double max_seconds_per_point = 0;  // 0: unbounded; else a point still running then is recorded "timeout"
  std::string text;            // the spec file's text (for the fingerprint)
};

// Every metric a sweep can report, with its unit, and whether it needs synthesis.
struct MetricInfo {
  const char* name;
  const char* unit;
  bool needs_synthesis;
  bool minimize;  // the better direction, for the Pareto front
};
const std::vector<MetricInfo>& sweep_metrics();

// Throws std::invalid_argument naming the file, the field, the value and the allowed values.
SweepSpec load_sweep_spec(const std::string& path);

struct SweepPoint {
  int index = 0;
  std::string id;                    // "p0007"
  nlohmann::json varied;             // field -> value
  nlohmann::json description;        // base with the varied fields set
  nlohmann::json workload;           // the spec's workload with the varied "workload.*" fields set
};
std::vector<SweepPoint> expand_points(const SweepSpec& s);

}  // namespace tpe::cli
