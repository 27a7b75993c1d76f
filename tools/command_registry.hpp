// Subcommands of `tpe` register themselves here, so adding one means adding
// one file in tools/ and nothing else.
#pragma once
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace tpe::cli {

using CommandFn = std::function<int(const std::vector<std::string>& args)>;

struct Command {
  std::string summary;
  CommandFn run;
};

std::map<std::string, Command>& command_table();

struct CommandRegistration {
  CommandRegistration(const std::string& name, const std::string& summary, CommandFn fn) {
    command_table()[name] = Command{summary, std::move(fn)};
  }
};

}  // namespace tpe::cli

#define TPE_COMMAND(name, summary, fn) \
  static ::tpe::cli::CommandRegistration tpe_command_registration_##fn(name, summary, fn)
