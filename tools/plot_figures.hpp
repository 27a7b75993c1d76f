// The figures of `tpe plot` (and of a sweep): each reads tpe's own JSON/CSV
// output and renders PREFIX.png and PREFIX.svg through gnuplot.
#pragma once
#include <string>
#include <vector>

namespace tpe::cli {

// The sweep's design points (grey) and its Pareto front (highlighted, each
// point labelled with its varied fields). x / y: metric names; empty: the
// first two columns of pareto.csv's metrics.
std::vector<std::string> plot_pareto(const std::string& sweep_dir, std::string x, std::string y,
                                     const std::string& prefix);

// Energy by component and action from a JSON with an energy report: `tpe
// run-model --config --json`, `tpe layer --json` or `tpe energy --json`.
std::vector<std::string> plot_energy(const std::string& json_file, const std::string& prefix);

// Cycles per layer (and per GEMM kind) from `tpe run-model --config --json`,
// or per GEMM from `tpe layer --json`.
std::vector<std::string> plot_layers(const std::string& json_file, const std::string& prefix);

}  // namespace tpe::cli
