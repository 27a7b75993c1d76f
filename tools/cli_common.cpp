#include "tools/cli_common.hpp"

#include <cctype>
#include <iostream>
#include <stdexcept>

#include <fmt/format.h>

#include "models/util/progress.hpp"
#include "models/util/run_watchdog.hpp"

namespace tpe::cli {

namespace {

constexpr const char* kStray = "tpe-positional-words";

// Boost reads "-1" into an unsigned option as 2^64 - 1: refuse a negative
// value for every option of an unsigned type (seeds, counts).
template <typename T>
bool is_typed(const po::option_description& d) {
  return dynamic_cast<const po::typed_value<T>*>(d.semantic().get()) != nullptr;
}

void refuse_negative_unsigned(const po::parsed_options& parsed, const po::options_description& opts) {
  for (const auto& o : parsed.options) {
    const po::option_description* d = opts.find_nothrow(o.string_key, false);
    if (!d || !(is_typed<unsigned long>(*d) || is_typed<unsigned>(*d) || is_typed<unsigned long long>(*d) ||
                is_typed<unsigned short>(*d)))
      continue;
    for (const auto& v : o.value)
      if (v.find('-') != std::string::npos)
        throw std::runtime_error(fmt::format("--{} has value {}; allowed: a non-negative integer", o.string_key, v));
  }
}

// Boost 1.74 builds its error messages by replacing %value%, %option% and
// the like with the offending token until none is left: a token that itself
// contains "%value%" never runs out, and `tpe sim --seed %value%` hung
// (found by fuzz_cli). Such an argument is refused before Boost sees it.
void refuse_placeholder_text(const std::vector<std::string>& args) {
  // Every pair of neighbouring '%', not only the first: "%4 x%canonical_option%"
  // hid its placeholder behind a first pair that is not a word (fuzz_cli).
  for (const std::string& a : args) {
    for (size_t open = a.find('%'); open != std::string::npos; open = a.find('%', open + 1)) {
      const size_t close = a.find('%', open + 1);
      if (close == std::string::npos) break;
      bool word = close > open + 1;
      for (size_t i = open + 1; i < close; ++i) word = word && (std::isalnum((unsigned char)a[i]) || a[i] == '_');
      if (word)
        throw std::runtime_error(fmt::format("argument '{}' contains '{}'; allowed: no %NAME% sequence (the option "
                                             "parser's placeholders)",
                                             a, a.substr(open, close - open + 1)));
    }
  }
}

}  // namespace

bool parse_options(const std::string& command, const std::string& synopsis, po::options_description& opts,
                   const std::vector<std::string>& args, po::variables_map& vm) {
  refuse_placeholder_text(args);
  opts.add_options()("timeout", po::value<double>(),
                     "stop the run after this many seconds of wall time (message, exit status 124, no output file)")(
      "quiet", "no progress line on the terminal")("help,h", "show this help");
  try {
    // Exact options only: no abbreviations (--conf for --config), no
    // positional words (collected under a hidden name to be named).
    const auto style = po::command_line_style::default_style & ~po::command_line_style::allow_guessing;
    po::options_description all;
    all.add(opts).add_options()(kStray, po::value<std::vector<std::string>>(), "");
    po::positional_options_description words;
    words.add(kStray, -1);
    const po::parsed_options parsed = po::command_line_parser(args).options(all).style(style).positional(words).run();
    refuse_negative_unsigned(parsed, opts);
    po::store(parsed, vm);
    if (vm.count(kStray))
      throw std::runtime_error(fmt::format("unexpected word '{}': every value follows its --option",
                                           vm[kStray].as<std::vector<std::string>>().front()));
    if (vm.count("help")) {
      std::cout << "usage: tpe " << command << " " << synopsis << "\n\n" << opts << "\n";
      return false;
    }
    po::notify(vm);
  } catch (const po::error& e) {
    throw std::runtime_error(std::string(e.what()) + " (see tpe " + command + " --help)");
  }
  if (vm.count("quiet")) Progress::set_quiet(true);
  // Armed once the options are known good: the bound covers the whole run.
  if (vm.count("timeout")) arm_run_timeout(vm["timeout"].as<double>(), command);
  return true;
}

void add_deprecated_option(po::options_description& opts, const std::string& old_name, const std::string& new_name,
                           const po::value_semantic* semantic) {
  static std::vector<std::string> help;  // options_description keeps the pointer
  help.push_back("deprecated spelling of --" + new_name);
  opts.add_options()(old_name.c_str(), semantic, help.back().c_str());
}

bool deprecated_option_used(const po::variables_map& vm, const std::string& command, const std::string& old_name,
                            const std::string& new_name) {
  if (!vm.count(old_name)) return false;
  if (vm.count(new_name) && !vm[new_name].defaulted())
    throw std::runtime_error(fmt::format("--{} and --{} are the same option (--{} is its old spelling); give --{} once",
                                         old_name, new_name, old_name, new_name));
  fmt::print(stderr, "tpe {}: warning: --{} is deprecated; use --{} (same meaning)\n", command, old_name, new_name);
  return true;
}

void add_max_cycles_option(po::options_description& opts) {
  opts.add_options()("max-cycles", po::value<uint64_t>(),
                     "stop a simulation that has not finished after this many clock cycles (message, exit status 1, "
                     "no output file)");
}

uint64_t max_cycles_of(const po::variables_map& vm) {
  if (!vm.count("max-cycles")) return 0;
  const uint64_t n = vm["max-cycles"].as<uint64_t>();
  if (n == 0) throw std::runtime_error("--max-cycles has value 0; allowed: an integer >= 1 (cycles)");
  return n;
}

void fail_max_cycles(uint64_t bound, std::optional<uint64_t> needed) {
  throw std::runtime_error(
      fmt::format("--max-cycles {}: the simulation had not finished after {} cycles{}; allowed: a bound at least "
                  "the run's cycle count; no output file was written",
                  bound, bound, needed ? fmt::format(" (the closed form says it needs {} cycles)", *needed) : ""));
}

}  // namespace tpe::cli
