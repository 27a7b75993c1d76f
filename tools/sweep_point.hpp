// One point of a sweep: validates its description (an invalid point is a
// result with its validation message, not an error) and measures the spec's
// metrics on its workload.
#pragma once
#include <nlohmann/json.hpp>

#include "tools/sweep_spec.hpp"

namespace tpe::cli {

// {"id", "index", "varied", "status": "ok"|"invalid"|"error", "message", "metrics": {...}}
nlohmann::json evaluate_point(const SweepSpec& spec, const SweepPoint& p);

}  // namespace tpe::cli
