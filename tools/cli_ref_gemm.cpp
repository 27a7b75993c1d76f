// `tpe ref --gemm MxKxN ...`: the bit-exact reference integer GEMM alone, on
// seeded random operands: prints a checksum of C and its speed.
#include <chrono>
#include <iostream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "models/engine/engine_config.hpp"
#include "models/formats/operands.hpp"
#include "models/gemm/gemm_limits.hpp"
#include "models/gemm/int_gemm.hpp"
#include "tools/cli_common.hpp"

namespace tpe::cli {
namespace {

// The printed checksum of C (`checksum_fnv1a64`): an output the user compares
// across runs, not a cache key, so it keeps its value; FNV-1a 64 with the
// offset basis tpe has always used here (cache keys use ContentHash,
// models/util/content_hash.hpp).
std::string result_checksum(const std::string& bytes) {
  uint64_t h = 1469598103934665603ull;
  for (unsigned char c : bytes) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return fmt::format("{:016x}", h);
}

}  // namespace

int run_ref_gemm(const std::vector<std::string>& args) {
  po::options_description opts("tpe ref (GEMM mode) options");
  opts.add_options()("gemm", po::value<std::string>()->required(), "GEMM shape MxKxN")(
      "bits", po::value<int>()->default_value(8), "operand width of A and B, 2..16 bits")(
      "a-bits", po::value<int>(), "operand width of A (overrides --bits)")(
      "b-bits", po::value<int>(), "operand width of B (overrides --bits)")(
      "unsigned", "unsigned operands (default signed)")(
      "acc-bits", po::value<int>()->default_value(32), "accumulator width, 2..64 bits: results wrap modulo 2^acc")(
      "seed", po::value<uint64_t>()->default_value(1), "seed of the random operands")(
      "json", "print one JSON object");
  po::variables_map vm;
  if (!parse_options("ref", "--gemm MxKxN [--bits 8] [--acc-bits 32] [--unsigned] [--seed S] [--json]", opts, args, vm))
    return 0;
  // Only the formats matter here. (validate() of a whole description would
  // ask the default family for its own fields, which a bare GEMM has none of.)
  EngineConfig cfg;
  cfg.a = {vm.count("a-bits") ? vm["a-bits"].as<int>() : vm["bits"].as<int>(), !vm.count("unsigned")};
  cfg.b = {vm.count("b-bits") ? vm["b-bits"].as<int>() : vm["bits"].as<int>(), !vm.count("unsigned")};
  cfg.acc_bits = vm["acc-bits"].as<int>();
  auto range = [](const char* option, int v, int lo, int hi) {
    if (v < lo || v > hi)
      throw std::invalid_argument(fmt::format("--{} has value {}; allowed: an integer in {}..{} (bits)", option, v, lo, hi));
  };
  range(vm.count("a-bits") ? "a-bits" : "bits", cfg.a.bits, ConfigLimits::kMinOperandBits, ConfigLimits::kMaxOperandBits);
  range(vm.count("b-bits") ? "b-bits" : "bits", cfg.b.bits, ConfigLimits::kMinOperandBits, ConfigLimits::kMaxOperandBits);
  range("acc-bits", cfg.acc_bits, ConfigLimits::kMinAccBits, ConfigLimits::kMaxAccBits);
  const GemmShape s = parse_gemm_shape(vm["gemm"].as<std::string>());
  const uint64_t seed = vm["seed"].as<uint64_t>();
  check_gemm_fits_memory(s);  // before allocating A, B and C: a clear refusal, not std::bad_alloc
  const auto a = random_operands(s.m, s.k, cfg.a, seed);
  const auto b = random_operands(s.k, s.n, cfg.b, seed + 1);
  const auto t0 = std::chrono::steady_clock::now();
  const ResultMatrix c = int_gemm(a, b, cfg.a, cfg.b, cfg.acc_bits);
  const double sec = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::string bytes(reinterpret_cast<const char*>(c.data.data()), c.data.size() * sizeof(int64_t));
  const std::string checksum = result_checksum(bytes);
  if (vm.count("json")) {
    std::cout << nlohmann::json{{"gemm", {{"m", s.m}, {"k", s.k}, {"n", s.n}}},
                                {"a", cfg.a.tag()},
                                {"b", cfg.b.tag()},
                                {"acc_bits", cfg.acc_bits},
                                {"seed", seed},
                                {"checksum_fnv1a64", checksum},
                                {"c00", c(0, 0)},
                                {"wall_s", sec},
                                {"gmacs_per_second", s.macs() / sec / 1e9}}
                     .dump()
              << "\n";
  } else {
    fmt::print("ref GEMM {} {} x {} -> acc{}, seed {}\n", s.str(), cfg.a.tag(), cfg.b.tag(), cfg.acc_bits, seed);
    fmt::print("  C checksum (FNV-1a 64 of int64 row-major) : {}\n", checksum);
    fmt::print("  C[0][0]                                   : {}\n", c(0, 0));
    fmt::print("  time                                      : {:.4f} s, {:.2f} GMAC/s\n", sec, s.macs() / sec / 1e9);
  }
  return 0;
}

}  // namespace tpe::cli
