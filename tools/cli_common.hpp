// Helpers shared by the subcommands: option parsing with Boost and errors.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <boost/program_options.hpp>

namespace tpe::cli {

namespace po = boost::program_options;

// Parses `args` against `opts`; prints help and returns false when --help
// was given. Throws std::runtime_error with Boost's message on bad options.
// Every command also takes --timeout SECONDS (the run watchdog,
// models/util/run_watchdog.hpp: message, exit 124, no output) and --quiet
// (no progress line, models/util/progress.hpp); parse_options applies both.
bool parse_options(const std::string& command, const std::string& synopsis, po::options_description& opts,
                   const std::vector<std::string>& args, po::variables_map& vm);

// A renamed option's old spelling (docs/cli.md, "One vocabulary"): kept for
// one release, listed in --help as deprecated. `used` returns true when the
// old spelling was given, after a warning on stderr; giving both is refused.
void add_deprecated_option(po::options_description& opts, const std::string& old_name, const std::string& new_name,
                           const po::value_semantic* semantic);
bool deprecated_option_used(const po::variables_map& vm, const std::string& command, const std::string& old_name,
                            const std::string& new_name);

// --max-cycles N for the commands that simulate cycles (sim, cosim, energy).
void add_max_cycles_option(po::options_description& opts);
// Edges simulated beyond --max-cycles before a run is judged: the controller
// sees the array done a round trip after its last counted cycle.
constexpr uint64_t kMaxCyclesSlack = 8;
uint64_t max_cycles_of(const po::variables_map& vm);  // 0: not given
// The refusal of a run that did not finish within --max-cycles: names the
// bound and, where the family has one, the closed-form count it needed.
[[noreturn]] void fail_max_cycles(uint64_t bound, std::optional<uint64_t> needed);

}  // namespace tpe::cli
