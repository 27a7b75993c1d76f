#include "tools/cli_common.hpp"

#include <iostream>
#include <stdexcept>

#include <fmt/format.h>

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

}  // namespace

bool parse_options(const std::string& command, const std::string& synopsis, po::options_description& opts,
                   const std::vector<std::string>& args, po::variables_map& vm) {
  opts.add_options()("help,h", "show this help");
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
  return true;
}

}  // namespace tpe::cli
