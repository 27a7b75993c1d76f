// `tpe workload list|show`: the catalog of real model shapes and the GEMM
// list of one layer and of the whole model for a phase and scheme.
#include <iostream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "tools/cli_common.hpp"
#include "tools/command_registry.hpp"
#include "workloads/gemm_list.hpp"
#include "workloads/model_catalog.hpp"

namespace tpe::cli {
namespace {

nlohmann::json arch_json(const LlmArch& a) {
  return {{"name", a.name},         {"dim", a.dim},           {"hidden_dim", a.hidden_dim},
          {"n_layers", a.n_layers}, {"n_heads", a.n_heads},   {"n_kv_heads", a.n_kv_heads},
          {"head_size", a.head_size()}, {"vocab_size", a.vocab_size}, {"max_positions", a.seq_len},
          {"ffn", to_string(a.ffn)}, {"norm", to_string(a.norm)}, {"rope", a.rope}, {"biases", a.biases},
          {"init_std", a.init_std}, {"source", a.source}};
}

int list_models(const std::vector<std::string>& args) {
  po::options_description opts("options");
  opts.add_options()("json", "print JSON");
  po::variables_map vm;
  if (!parse_options("workload list", "[--json]", opts, args, vm)) return 0;
  if (vm.count("json")) {
    nlohmann::json j = nlohmann::json::array();
    for (const LlmArch& a : model_catalog()) j.push_back(arch_json(a));
    std::cout << j.dump() << "\n";
    return 0;
  }
  fmt::print("{:<15} {:>6} {:>7} {:>6} {:>6} {:>4} {:>6} {:>7} {:>7} {:>9} {:>13}\n", "model", "dim", "hidden", "heads",
             "kv", "d_h", "layers", "vocab", "ffn", "norm", "params/layer");
  for (const LlmArch& a : model_catalog())
    fmt::print("{:<15} {:>6} {:>7} {:>6} {:>6} {:>4} {:>6} {:>7} {:>7} {:>9} {:>12.2f}M\n", a.name, a.dim,
               a.hidden_dim, a.n_heads, a.n_kv_heads, a.head_size(), a.n_layers, a.vocab_size, to_string(a.ffn),
               to_string(a.norm), a.layer_linear_params() / 1e6);
  return 0;
}

nlohmann::json op_json(const GemmOp& g) {
  return {{"name", g.name}, {"kind", g.kind},         {"m", g.m},         {"k", g.k},
          {"n", g.n},       {"count", g.count},       {"a_format", g.a_format},
          {"b_format", g.b_format}, {"macs", uint64_t(g.macs())}, {"gemv", g.m == 1}};
}

int show(const std::vector<std::string>& args) {
  po::options_description opts("options");
  std::string model, phase, scheme;
  PhaseSpec ph;
  opts.add_options()("model", po::value(&model)->required(), "model name (tpe workload list)")(
      "phase", po::value(&phase)->default_value("prefill"), "prefill or decode")(
      "seq", po::value(&ph.seq)->default_value(128), "prefill: prompt length L (tokens)")(
      "batch", po::value(&ph.batch)->default_value(1), "decode: batch B (sequences)")(
      "ctx", po::value(&ph.ctx)->default_value(1024), "decode: context T (keys attended per sequence)")(
      "scheme", po::value(&scheme)->default_value("fp32"), "quantization scheme of the linear layers")(
      "json", "print one JSON object");
  po::variables_map vm;
  if (!parse_options("workload show",
                     "--model NAME [--phase prefill --seq L | --phase decode --batch B --ctx T] [--scheme S] [--json]",
                     opts, args, vm))
    return 0;
  ph.phase = parse_phase(phase);
  const Workload w = make_workload(find_model(model), ph, scheme);
  const double model_macs = w.model_macs();
  if (vm.count("json")) {
    nlohmann::json layer = nlohmann::json::array();
    for (const GemmOp& g : w.layer) layer.push_back(op_json(g));
    nlohmann::json j{{"model", arch_json(w.arch)},
                     {"phase", phase},
                     {"shape", ph.str()},
                     {"scheme", scheme},
                     {"layer_gemms", layer},
                     {"layer_macs", uint64_t(w.layer_macs())},
                     {"n_layers", w.arch.n_layers},
                     {"lm_head", op_json(w.lm_head)},
                     {"model_macs", uint64_t(model_macs)}};
    std::cout << j.dump() << "\n";
    return 0;
  }
  fmt::print("{} ({}), scheme {}: C[M,N] = A[M,K] . B[K,N], A = activations\n", w.arch.name, ph.str(), scheme);
  fmt::print("{:<22} {:>7} {:>7} {:>7} {:>6} {:<8} {:<8} {:>12} {:>7}\n", "GEMM (one layer)", "M", "K", "N", "count",
             "A fmt", "B fmt", "MMAC", "share");
  auto row = [&](const GemmOp& g, double total) {
    fmt::print("{:<22} {:>7} {:>7} {:>7} {:>6} {:<8} {:<8} {:>12.3f} {:>6.2f}%\n", g.name, g.m, g.k, g.n, g.count,
               g.a_format, g.b_format, g.macs() / 1e6, 100.0 * g.macs() / total);
  };
  for (const GemmOp& g : w.layer) row(g, w.layer_macs());
  fmt::print("{:<72}{:>12.3f} {:>6.2f}%  = {:.4f} GMAC per layer\n", "layer total", w.layer_macs() / 1e6, 100.0,
             w.layer_macs() / 1e9);
  fmt::print("\nwhole model: {} layers x {:.4f} GMAC + lm_head [{} x {} x {}] {:.4f} GMAC = {:.4f} GMAC ({:.3f} TMAC)\n",
             w.arch.n_layers, w.layer_macs() / 1e9, w.lm_head.m, w.lm_head.k, w.lm_head.n, w.lm_head.macs() / 1e9,
             model_macs / 1e9, model_macs / 1e12);
  return 0;
}

int workload(const std::vector<std::string>& args) {
  const std::string usage = "usage: tpe workload list [--json] | tpe workload show --model NAME ... (--help on each)";
  if (args.empty() || args[0] == "--help" || args[0] == "-h") {
    fmt::print("{}\n", usage);
    return args.empty() ? 2 : 0;
  }
  const std::vector<std::string> rest(args.begin() + 1, args.end());
  if (args[0] == "list") return list_models(rest);
  if (args[0] == "show") return show(rest);
  throw std::invalid_argument(fmt::format("unknown workload subcommand '{}'; {}", args[0], usage));
}

}  // namespace

TPE_COMMAND("workload", "LLM model shapes and their GEMM lists (list, show)", workload);

}  // namespace tpe::cli
