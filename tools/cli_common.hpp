// Helpers shared by the subcommands: option parsing with Boost and errors.
#pragma once
#include <string>
#include <vector>

#include <boost/program_options.hpp>

namespace tpe::cli {

namespace po = boost::program_options;

// Parses `args` against `opts`; prints help and returns false when --help
// was given. Throws std::runtime_error with Boost's message on bad options.
bool parse_options(const std::string& command, const std::string& synopsis, po::options_description& opts,
                   const std::vector<std::string>& args, po::variables_map& vm);

}  // namespace tpe::cli
