#include "tools/cli_common.hpp"

#include <iostream>
#include <stdexcept>

namespace tpe::cli {

bool parse_options(const std::string& command, const std::string& synopsis, po::options_description& opts,
                   const std::vector<std::string>& args, po::variables_map& vm) {
  opts.add_options()("help,h", "show this help");
  try {
    po::store(po::command_line_parser(args).options(opts).run(), vm);
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
