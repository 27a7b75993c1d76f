// `tpe`: the command-line front of the toolkit. Each subcommand lives in its
// own cli_*.cpp and registers itself in the command table.
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <exception>

#include <fmt/format.h>

#include "models/engine/family_registry.hpp"
#include "models/util/data_path.hpp"
#include "sim/core/systemc_kernel.hpp"
#include "tools/command_registry.hpp"

namespace tpe::cli {
std::map<std::string, Command>& command_table() {
  static std::map<std::string, Command> table;
  return table;
}
}  // namespace tpe::cli

static void print_usage() {
  fmt::print("usage: tpe <command> [options]   (tpe <command> --help for its options; tpe --version)\n\ncommands:\n");
  for (auto& [name, cmd] : tpe::cli::command_table()) fmt::print("  {:<10} {}\n", name, cmd.summary);
}

// A report that could not be written (a full disk, a closed pipe, /dev/full)
// is an error, not a success.
static int check_stdout(const char* command, int rc) {
  std::cout.flush();
  errno = 0;
  if (std::fflush(stdout) == 0 && !std::ferror(stdout) && std::cout.good()) return rc;
  const int err = errno;
  fmt::print(stderr, "tpe {}: error: cannot write standard output ({})\n", command,
             err ? std::strerror(err) : "write error");
  return rc ? rc : 1;
}

int main(int argc, char** argv) {
  tpe::register_builtin_families();
  tpe::quiet_systemc_kernel();  // the tool owns the kernel: no banner, no info notes
  if (argc < 2 || std::string(argv[1]) == "--help" || std::string(argv[1]) == "-h") {
    print_usage();
    return argc < 2 ? 2 : 0;
  }
  if (std::string(argv[1]) == "--version") {
    fmt::print("tpe {}\ndata: {}\n", TPE_VERSION, tpe::data_dir());
    return check_stdout("--version", 0);
  }
  auto& table = tpe::cli::command_table();
  auto it = table.find(argv[1]);
  if (it == table.end()) {
    fmt::print(stderr, "tpe: unknown command '{}'\n", argv[1]);
    print_usage();
    return 2;
  }
  std::vector<std::string> args(argv + 2, argv + argc);
  int rc = 1;
  try {
    rc = it->second.run(args);
  } catch (const std::exception& e) {
    fmt::print(stderr, "tpe {}: error: {}\n", argv[1], e.what());
    return 1;
  }
  return check_stdout(argv[1], rc);
}
