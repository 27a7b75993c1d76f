// `tpe run-model`: greedy decoding of a llama2.c checkpoint under a scheme,
// and for a non-fp32 scheme its accuracy against fp32 on the same run.
#include <chrono>
#include <cmath>
#include <iostream>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

#include "models/gemm/gemm_engine.hpp"
#include "models/llm/llm_compare.hpp"
#include "models/llm/llm_model.hpp"
#include "models/llm/llm_ops.hpp"
#include "tools/cli_common.hpp"
#include "tools/command_registry.hpp"
#include "tools/run_model_engine.hpp"

namespace tpe::cli {
namespace {

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

// JSON has no infinity: identical tensors report null SQNR.
nlohmann::json db_json(double db) { return std::isfinite(db) ? nlohmann::json(db) : nlohmann::json(nullptr); }
std::string db_text(double db) { return std::isfinite(db) ? fmt::format("{:.2f} dB", db) : "inf dB (identical)"; }

int run_model(const std::vector<std::string>& args) {
  po::options_description opts("options");
  std::string path, scheme_name;
  int steps = 0;
  opts.add_options()("checkpoint", po::value(&path)->default_value(default_stories260k_path()),
                     "llama2.c checkpoint file")(
      "scheme", po::value(&scheme_name)->default_value("fp32"), "linear-layer quantization scheme")(
      "steps", po::value(&steps)->default_value(64), "maximum tokens to generate (1..seq_len)")(
      "calib-seed", po::value<uint64_t>()->default_value(0),
      "calibrated schemes (AWQ, GPTQ, ...): seed of the sampled calibration sequences")(
      "json", "print one JSON object instead of tables")(
      "compare", "compare with fp32 even when the scheme is fp32 (a sanity check: expect identical)")(
      "config", po::value<std::string>(), "engine description (JSON): run every integer GEMM on its cycle model")(
      "fast", "with --config: closed-form cycles (FamilySpec), values from the reference, nothing simulated")(
      "characterize", "with --config: make the engine's energy table when the cache has none (Yosys + OpenSTA)")(
      "rtl-steps", po::value<int>()->default_value(0), "with --config: run the first N steps on the Verilated RTL "
                                                        "too (values and cycles must equal the model's)")(
      "clock-mhz", po::value<double>()->default_value(0), "with --config: clock for time and tokens/s (0: the "
                                                          "energy table's Fmax)");
  // --model was a path here but a catalog name in ref, layer and workload
  // (ref already took the path as --checkpoint): renamed.
  add_deprecated_option(opts, "model", "checkpoint", po::value<std::string>());
  // --engine was this command's name for what every other command calls
  // --config; --engine-rtl named itself after it (a count of steps, like --steps).
  add_deprecated_option(opts, "engine", "config", po::value<std::string>());
  add_deprecated_option(opts, "engine-rtl", "rtl-steps", po::value<int>());
  po::variables_map vm;
  if (!parse_options("run-model", "[--checkpoint PATH] [--scheme NAME] [--steps N] [--calib-seed S] [--json] [--compare] [--config CONFIG [--fast] [--characterize] "
                     "[--clock-mhz F] [--rtl-steps N]]", opts, args, vm)) return 0;
  if (deprecated_option_used(vm, "run-model", "model", "checkpoint")) path = vm["model"].as<std::string>();
  std::string config = vm.count("config") ? vm["config"].as<std::string>() : "";
  if (deprecated_option_used(vm, "run-model", "engine", "config")) config = vm["engine"].as<std::string>();
  int rtl_steps = vm["rtl-steps"].as<int>();
  if (deprecated_option_used(vm, "run-model", "engine-rtl", "rtl-steps")) rtl_steps = vm["engine-rtl"].as<int>();
  const bool json = vm.count("json") > 0;
  const LinearScheme& scheme = find_scheme(scheme_name);
  const LinearScheme& fp32 = find_scheme("fp32");
  const LlamaCheckpoint ck = load_llama2c_checkpoint(path);
  if (steps < 1 || steps > ck.header.seq_len)
    throw std::invalid_argument(
        fmt::format("--steps {} is out of range; allowed 1..{} (seq_len of {})", steps, ck.header.seq_len, path));
  if (!config.empty()) {
    EngineRunOptions o;
    o.config_path = config;
    o.steps = steps;
    o.fast = vm.count("fast") > 0;
    o.characterize = vm.count("characterize") > 0;
    o.clock_mhz = vm["clock-mhz"].as<double>();
    o.json = json;
    o.rtl_steps = rtl_steps;
    if (o.rtl_steps < 0 || o.rtl_steps > steps)
      throw std::invalid_argument(fmt::format("--rtl-steps {} is out of range; allowed 0..{} (--steps)", o.rtl_steps, steps));
    return run_model_on_engine(ck, path, scheme, o);
  }
  IntGemmEngine& engine = reference_gemm_engine();
  const bool is_fp32 = scheme.name() == "fp32" && !vm.count("compare");

  auto t0 = std::chrono::steady_clock::now();
  const LlmModel ref(ck, fp32, "checkpoint");
  const GreedyRun ref_run = greedy_decode(ref, steps, engine, true);
  const double ref_s = seconds_since(t0);
  const int ref_steps = int(ref_run.records.size());
  const double own_nll = self_nll(ref_run);

  const LlmArch& a = ref.arch();
  nlohmann::json j;
  j["model"] = path;
  j["config"] = {{"dim", a.dim}, {"hidden_dim", a.hidden_dim}, {"n_layers", a.n_layers}, {"n_heads", a.n_heads},
                 {"n_kv_heads", a.n_kv_heads}, {"vocab_size", a.vocab_size}, {"seq_len", a.seq_len}};
  j["scheme"] = scheme.name();
  j["steps"] = steps;
  j["fp32"] = {{"tokens", ref_run.tokens}, {"stopped_at_bos", ref_run.stopped_at_bos},
               {"wall_s", ref_s}, {"tokens_per_second", ref_steps / std::max(ref_s, 1e-9)},
               {"nll_nats_per_token", own_nll}};
  if (!json) {
    fmt::print("model   {}: dim {}, hidden {}, {} layers, {} heads / {} KV heads, vocab {}, seq_len {}\n", path,
               a.dim, a.hidden_dim, a.n_layers, a.n_heads, a.n_kv_heads, a.vocab_size, a.seq_len);
    fmt::print("fp32    {} tokens ({}), {:.1f} ms, {:.0f} tokens/s, NLL of its own greedy sequence {:.4f} nats/token\n",
               ref_run.tokens.size(), ref_run.stopped_at_bos ? "stopped at BOS" : "step limit", ref_s * 1e3,
               ref_steps / std::max(ref_s, 1e-9), own_nll);
    fmt::print("fp32 tokens: {}\n", fmt::join(ref_run.tokens, " "));
  }
  if (!is_fp32) {
    t0 = std::chrono::steady_clock::now();
    CalibrationOptions calib;
    calib.seed = vm["calib-seed"].as<uint64_t>();
    const LlmModel q(ck, scheme, "checkpoint", true, calib);
    const GreedyRun q_run = greedy_decode(q, steps, engine);
    const double q_s = seconds_since(t0);
    const ModelComparison c = compare_with_fp32(q, ref_run, engine);
    nlohmann::json layers = nlohmann::json::array();
    for (double d : c.layer_sqnr_db) layers.push_back(db_json(d));
    j["quantized"] = {{"tokens", q_run.tokens}, {"stopped_at_bos", q_run.stopped_at_bos}, {"wall_s", q_s}};
    j["vs_fp32"] = {{"layer_output_sqnr_db", layers},
                    {"logits_sqnr_db", db_json(c.logits_sqnr_db)},
                    {"top1_agree_steps", c.top1_agree},
                    {"evaluated_steps", c.evaluated_steps},
                    {"top1_agreement", c.evaluated_steps ? double(c.top1_agree) / c.evaluated_steps : 0.0},
                    {"nll_nats_per_token", c.nll_scheme},
                    {"fp32_nll_nats_per_token", c.nll_fp32}};
    if (!json) {
      fmt::print("{:<7} {} tokens ({}), {:.1f} ms (free-running greedy)\n", scheme.name(), q_run.tokens.size(),
                 q_run.stopped_at_bos ? "stopped at BOS" : "step limit", q_s * 1e3);
      fmt::print("{} tokens: {}\n\n", scheme.name(), fmt::join(q_run.tokens, " "));
      fmt::print("teacher-forced on the fp32 greedy sequence ({} steps):\n", c.evaluated_steps);
      fmt::print("  {:<14} {}\n", "tensor", "SQNR vs fp32");
      for (size_t l = 0; l < c.layer_sqnr_db.size(); ++l)
        fmt::print("  {:<14} {}\n", fmt::format("layer {} out", l), db_text(c.layer_sqnr_db[l]));
      fmt::print("  {:<14} {}\n", "logits", db_text(c.logits_sqnr_db));
      fmt::print("  top-1 agreement  {}/{} steps ({:.1f} %)\n", c.top1_agree, c.evaluated_steps,
                 c.evaluated_steps ? 100.0 * c.top1_agree / c.evaluated_steps : 0.0);
      fmt::print("  mean NLL         {:.4f} nats/token under {} (fp32: {:.4f} nats/token)\n", c.nll_scheme,
                 scheme.name(), c.nll_fp32);
    }
  }
  if (json) std::cout << j.dump() << "\n";
  return 0;
}

}  // namespace

TPE_COMMAND("run-model", "greedy-decode a llama2.c checkpoint under a scheme, accuracy vs fp32", run_model);

}  // namespace tpe::cli
