// Running a sweep's points into its output directory, and merging them.
//   DIR/spec.json            the spec's text (a rerun must use the same spec)
//   DIR/points/<id>/         one directory per point, staged as
//                            DIR/points/.<id>.tmp-<pid> and renamed into place
//                            complete (description.json, result.json): a
//                            point exists whole or not at all, so kill -9 at
//                            any moment loses only the points in flight
//   DIR/results.csv, results.json, pareto.csv   merged, in point order
#pragma once
#include <string>
#include <vector>

#include "tools/sweep_spec.hpp"

namespace tpe::cli {

std::string point_dir(const std::string& out, const SweepPoint& p);
bool point_done(const std::string& out, const SweepPoint& p);
// Evaluates and writes one point unless it is already there.
void run_point_to_dir(const SweepSpec& spec, const SweepPoint& p, const std::string& out);

struct MergeSummary {
  int total = 0, ok = 0, invalid = 0, error = 0, timeout = 0, missing = 0, pareto = 0;
};
MergeSummary merge_results(const SweepSpec& spec, const std::vector<SweepPoint>& points, const std::string& out);

// RFC 4180 field: quoted when it holds a comma, quote or newline.
std::string csv_field(const std::string& s);

}  // namespace tpe::cli
