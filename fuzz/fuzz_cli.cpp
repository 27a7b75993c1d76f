// Command-line parsing: the GEMM shape (MxKxN) and the option parser every
// subcommand uses (exact options, no stray words, no negative unsigned
// values, --timeout refused outside its range). The input is split at NUL
// bytes into arguments; the first one is also read as a GEMM shape.
#include <iostream>
#include <stdexcept>
#include <vector>

#include "fuzz/fuzz_common.hpp"
#include "models/formats/matrix.hpp"
#include "tools/cli_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::vector<std::string> args(1);
  for (size_t i = 0; i < size; ++i) {
    if (data[i] == 0) args.emplace_back();
    else args.back() += char(data[i]);
  }
  try {
    const tpe::GemmShape s = tpe::parse_gemm_shape(args[0]);
    if (s.m < 1 || s.k < 1 || s.n < 1) __builtin_trap();  // a parsed shape is a valid one
  } catch (const std::exception&) {
  }
  namespace po = tpe::cli::po;
  po::options_description opts("fuzz");
  opts.add_options()("config", po::value<std::string>(), "")("gemm", po::value<std::string>(), "")(
      "seed", po::value<uint64_t>()->default_value(1), "")("bits", po::value<int>(), "")(
      "clock-ns", po::value<double>(), "")("json", "");
  po::variables_map vm;
  // --timeout arms a real watchdog (SIGALRM): not while fuzzing.
  for (const auto& a : args)
    if (a.rfind("--t", 0) == 0) return 0;
  try {
    std::streambuf* old = std::cout.rdbuf(nullptr);  // --help prints
    try {
      (void)tpe::cli::parse_options("fuzz", "", opts, args, vm);
    } catch (...) {
      std::cout.rdbuf(old);
      throw;
    }
    std::cout.rdbuf(old);
  } catch (const std::exception&) {
  }
  return 0;
}
