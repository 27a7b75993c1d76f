// `tpe accuracy`: every quantization scheme (or the listed ones) on a llama2.c
// checkpoint, scored against fp32 on the fp32 greedy sequence (teacher-forced):
// top-1 agreement, mean NLL, each decoder layer's output SQNR and the logits'.
// `--markdown` prints the table of docs/quantization.md ("Accuracy on
// stories260K"), which `make quant-table` rewrites.
#include <chrono>
#include <cmath>
#include <iostream>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "models/gemm/gemm_engine.hpp"
#include "models/llm/llm_compare.hpp"
#include "models/llm/llm_model.hpp"
#include "tools/cli_common.hpp"
#include "tools/command_registry.hpp"

namespace tpe::cli {
namespace {

std::vector<std::string> scheme_list(const std::string& csv) {
  std::vector<std::string> out;
  if (csv.empty()) {
    for (const auto& s : all_schemes()) out.push_back(s->name());
    return out;
  }
  std::stringstream ss(csv);
  std::string item;
  while (std::getline(ss, item, ','))
    if (!item.empty()) out.push_back(find_scheme(item).name());  // throws naming the known schemes
  return out;
}

std::string db_cell(double db) { return std::isfinite(db) ? fmt::format("{:.2f}", db) : "inf"; }

int accuracy(const std::vector<std::string>& args) {
  po::options_description opts("options");
  std::string path, schemes_csv;
  int steps = 0;
  opts.add_options()("checkpoint", po::value(&path)->default_value(default_stories260k_path()), "llama2.c checkpoint file")(
      "steps", po::value(&steps)->default_value(64), "fp32 greedy steps to score on (1..seq_len)")(
      "schemes", po::value(&schemes_csv)->default_value(""), "comma-separated schemes (default: every registered one)")(
      "calib-seed", po::value<uint64_t>()->default_value(0),
      "calibrated schemes: seed of the sampled calibration sequences")("markdown", "print the markdown table only")("json", "print one JSON object");
  add_deprecated_option(opts, "model", "checkpoint", po::value<std::string>());  // as in run-model
  po::variables_map vm;
  if (!parse_options("accuracy", "[--checkpoint PATH] [--steps N] [--schemes A,B,...] [--calib-seed S] [--markdown | --json]", opts, args, vm))
    return 0;
  if (deprecated_option_used(vm, "accuracy", "model", "checkpoint")) path = vm["model"].as<std::string>();
  const std::vector<std::string> names = scheme_list(schemes_csv);
  const LlamaCheckpoint ck = load_llama2c_checkpoint(path);
  if (steps < 1 || steps > ck.header.seq_len)
    throw std::invalid_argument(
        fmt::format("--steps {} is out of range; allowed 1..{} (seq_len of {})", steps, ck.header.seq_len, path));
  IntGemmEngine& engine = reference_gemm_engine();
  const LlmModel ref(ck, find_scheme("fp32"), "checkpoint");
  const GreedyRun run = greedy_decode(ref, steps, engine, true);
  const int layers = ck.header.n_layers;

  std::string md = "| scheme | top-1 | NLL (nats/token) |";
  std::string rule = "|---|---|---|";
  for (int l = 0; l < layers; ++l) {
    md += fmt::format(" layer {} out SQNR (dB) |", l);
    rule += "---|";
  }
  md += " logits SQNR (dB) |\n" + rule + "---|\n";
  nlohmann::json j{{"model", path}, {"steps", steps}, {"schemes", nlohmann::json::array()}};
  for (const std::string& name : names) {
    const auto t0 = std::chrono::steady_clock::now();
    CalibrationOptions calib;
    calib.seed = vm["calib-seed"].as<uint64_t>();
    const LlmModel q(ck, find_scheme(name), "checkpoint", true, calib);
    const ModelComparison c = compare_with_fp32(q, run, engine);
    const double sec = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    md += fmt::format("| `{}` | {}/{} | {:.3f} |", name, c.top1_agree, c.evaluated_steps, c.nll_scheme);
    nlohmann::json layer_db = nlohmann::json::array();
    for (double d : c.layer_sqnr_db) {
      md += " " + db_cell(d) + " |";
      layer_db.push_back(std::isfinite(d) ? nlohmann::json(d) : nlohmann::json(nullptr));
    }
    md += " " + db_cell(c.logits_sqnr_db) + " |\n";
    j["schemes"].push_back({{"scheme", name},
                            {"top1_agree_steps", c.top1_agree},
                            {"evaluated_steps", c.evaluated_steps},
                            {"nll_nats_per_token", c.nll_scheme},
                            {"fp32_nll_nats_per_token", c.nll_fp32},
                            {"layer_output_sqnr_db", layer_db},
                            {"logits_sqnr_db", std::isfinite(c.logits_sqnr_db) ? nlohmann::json(c.logits_sqnr_db)
                                                                               : nlohmann::json(nullptr)},
                            {"wall_s", sec}});
    if (!vm.count("markdown") && !vm.count("json"))
      fmt::print(stderr, "{:<24} top-1 {}/{}, NLL {:.3f} nats/token, {:.1f} s\n", name, c.top1_agree,
                 c.evaluated_steps, c.nll_scheme, sec);
  }
  if (vm.count("json")) {
    std::cout << j.dump() << "\n";
    return 0;
  }
  if (!vm.count("markdown"))
    fmt::print("{} on the fp32 greedy sequence of {} steps (fp32 NLL of it: {:.3f} nats/token)\n\n", path,
               run.records.size(), self_nll(run));
  fmt::print("{}", md);
  return 0;
}

}  // namespace

TPE_COMMAND("accuracy", "every quantization scheme on a llama2.c checkpoint: top-1, NLL, per-layer SQNR vs fp32",
            accuracy);

}  // namespace tpe::cli
