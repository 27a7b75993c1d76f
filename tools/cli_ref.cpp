// `tpe ref`: one decoder layer of a model under a scheme; checksums and
// accuracy against the fp32 run of the same layer on the same inputs.
#include <cmath>
#include <iostream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "models/llm/llm_metrics.hpp"
#include "tools/cli_common.hpp"
#include "tools/command_registry.hpp"
#include "workloads/layer_reference.hpp"

namespace tpe::cli {
int run_ref_gemm(const std::vector<std::string>& args);  // cli_ref_gemm.cpp
namespace {

nlohmann::json run_json(const LayerRun& r) {
  return {{"checksum_fnv1a64", hex64(r.checksum)}, {"sum", r.sum}, {"mean_abs", r.mean_abs}, {"wall_s", r.seconds}};
}

int ref_command(const std::vector<std::string>& args) {
  // Two modes: --gemm runs the reference integer GEMM alone.
  for (auto& a : args)
    if (a == "--gemm" || a.rfind("--gemm=", 0) == 0) return run_ref_gemm(args);
  po::options_description opts("options (layer mode; `tpe ref --gemm MxKxN --help` for the GEMM mode)");
  LayerRefSpec spec;
  std::string phase;
  opts.add_options()("model", po::value(&spec.model)->default_value("stories260K"),
                     "model name (tpe workload list)")("layer", po::value(&spec.layer)->default_value(0),
                                                       "decoder layer index, 0-based")(
      "scheme", po::value(&spec.scheme)->default_value("fp32"), "linear-layer quantization scheme")(
      "phase", po::value(&phase)->default_value("prefill"), "prefill or decode")(
      "seq", po::value(&spec.phase.seq)->default_value(16), "prefill: prompt length L (tokens)")(
      "batch", po::value(&spec.phase.batch)->default_value(1), "decode: batch B (sequences)")(
      "ctx", po::value(&spec.phase.ctx)->default_value(128), "decode: context T (keys attended, incl. the new token)")(
      "seed", po::value(&spec.seed)->default_value(1), "seed of the synthetic weights and activations")(
      "checkpoint", po::value(&spec.checkpoint), "stories260K checkpoint file (default: the bundled one)")(
      "json", "print one JSON object");
  po::variables_map vm;
  if (!parse_options("ref",
                     "--model NAME --layer I --scheme S [--phase prefill --seq L | --phase decode --batch B --ctx T] "
                     "[--json]",
                     opts, args, vm))
    return 0;
  spec.phase.phase = parse_phase(phase);
  const LayerRefResult r = run_layer_reference(spec);
  const double gmacs = r.macs / std::max(r.scheme_run.seconds, 1e-12) / 1e9;
  if (vm.count("json")) {
    nlohmann::json j{{"model", r.arch.name},
                     {"layer", spec.layer},
                     {"scheme", spec.scheme},
                     {"phase", phase},
                     {"shape", spec.phase.str()},
                     {"rows", r.rows},
                     {"dim", r.arch.dim},
                     {"layer_macs", uint64_t(r.macs)},
                     {"weights", r.weights_source},
                     {"activations", r.activations_source},
                     {"output", run_json(r.scheme_run)},
                     {"fp32_output", run_json(r.fp32_run)},
                     {"bit_identical_to_fp32", r.scheme_run.checksum == r.fp32_run.checksum},
                     {"sqnr_db", std::isfinite(r.sqnr_db) ? nlohmann::json(r.sqnr_db) : nlohmann::json(nullptr)},
                     {"max_abs_error", r.max_abs_error},
                     {"gmac_per_second", gmacs}};
    std::cout << j.dump() << "\n";
    return 0;
  }
  fmt::print("model        {} layer {} ({}), scheme {}\n", r.arch.name, spec.layer, spec.phase.str(), spec.scheme);
  fmt::print("weights      {}\nactivations  {}\n", r.weights_source, r.activations_source);
  fmt::print("output       [{} x {}] fp32 values, one layer = {:.3f} MMAC\n", r.rows, r.arch.dim, r.macs / 1e6);
  fmt::print("{:<8} {:<20} {:>16} {:>14} {:>10}\n", "run", "checksum (FNV-1a64)", "sum", "mean |y|", "time (ms)");
  fmt::print("{:<8} {:<20} {:>16.6f} {:>14.6f} {:>10.2f}\n", spec.scheme, hex64(r.scheme_run.checksum),
             r.scheme_run.sum, r.scheme_run.mean_abs, r.scheme_run.seconds * 1e3);
  if (spec.scheme != "fp32")
    fmt::print("{:<8} {:<20} {:>16.6f} {:>14.6f} {:>10.2f}\n", "fp32", hex64(r.fp32_run.checksum), r.fp32_run.sum,
               r.fp32_run.mean_abs, r.fp32_run.seconds * 1e3);
  if (std::isfinite(r.sqnr_db))
    fmt::print("vs fp32      SQNR {:.2f} dB, max |error| {:.3e}\n", r.sqnr_db, r.max_abs_error);
  else
    fmt::print("vs fp32      bit-identical (SQNR inf dB, max |error| 0){}\n",
               spec.scheme == "fp32" ? ": the scheme is fp32" : "");
  fmt::print("speed        {:.2f} GMAC/s ({})\n", gmacs, spec.scheme);
  return 0;
}

}  // namespace

TPE_COMMAND("ref", "run one LLM decoder layer under a scheme: checksums and accuracy vs fp32", ref_command);

}  // namespace tpe::cli
