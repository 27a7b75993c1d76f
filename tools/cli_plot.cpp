// `tpe plot pareto|energy|layers`: gnuplot figures (PNG and SVG) from a
// sweep directory or from the JSON of run-model, layer or energy.
#include <iostream>

#include <fmt/format.h>

#include "tools/cli_common.hpp"
#include "tools/command_registry.hpp"
#include "tools/plot_figures.hpp"

namespace tpe::cli {
namespace {

int plot(const std::vector<std::string>& args) {
  const std::string usage =
      "usage: tpe plot pareto --sweep DIR [--x METRIC --y METRIC] --out PREFIX\n"
      "       tpe plot energy --run FILE.json --out PREFIX     (JSON of tpe energy, run-model --config, layer)\n"
      "       tpe plot layers --run FILE.json --out PREFIX     (JSON of tpe run-model --config or tpe layer)\n"
      "writes PREFIX.png and PREFIX.svg (and PREFIX.dat, PREFIX.gp: the data and the gnuplot script)";
  if (args.empty() || args[0] == "--help" || args[0] == "-h") {
    fmt::print("{}\n", usage);
    return args.empty() ? 2 : 0;
  }
  const std::string kind = args[0];
  if (kind != "pareto" && kind != "energy" && kind != "layers")
    throw std::invalid_argument(fmt::format("unknown plot '{}'; allowed: pareto, energy, layers\n{}", kind, usage));
  po::options_description opts("options");
  std::string sweep, run, out, x, y;
  opts.add_options()("sweep", po::value(&sweep), "pareto: sweep output directory")(
      "run", po::value(&run), "energy, layers: a JSON file")("out", po::value(&out)->required(), "output prefix")(
      "x", po::value(&x), "pareto: metric on x")("y", po::value(&y), "pareto: metric on y");
  po::variables_map vm;
  if (!parse_options("plot " + kind, "--out PREFIX ...", opts, std::vector<std::string>(args.begin() + 1, args.end()), vm))
    return 0;
  std::vector<std::string> files;
  if (kind == "pareto") {
    if (sweep.empty()) throw std::invalid_argument("plot pareto: --sweep DIR is required");
    files = plot_pareto(sweep, x, y, out);
  } else {
    if (run.empty()) throw std::invalid_argument(fmt::format("plot {}: --run FILE.json is required", kind));
    files = kind == "energy" ? plot_energy(run, out) : plot_layers(run, out);
  }
  for (const std::string& f : files) std::cout << "wrote " << f << "\n";
  return 0;
}

}  // namespace

TPE_COMMAND("plot", "gnuplot figures (PNG, SVG): a sweep's Pareto front, an energy breakdown, per-layer cycles", plot);

}  // namespace tpe::cli
