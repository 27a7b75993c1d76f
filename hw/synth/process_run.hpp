// Runs an external tool (yosys, sta) as a child process with fork/execvp,
// its stdout and stderr merged into a log file, and reports the exit status.
// No shell is involved, so file names with spaces or quotes cannot break it.
#pragma once
#include <string>
#include <vector>

namespace tpe::hw {

struct ProcessResult {
  int exit_code = -1;     // the child's exit status, or -1 when it did not exit normally
  int signal = 0;         // the terminating signal, 0 when it exited normally
  bool exec_failed = false;  // execvp itself failed (tool missing or not executable)
  double seconds = 0.0;   // wall time
  bool ok() const { return !exec_failed && signal == 0 && exit_code == 0; }
};

// Runs argv[0] (looked up on PATH when it has no '/') in `cwd` with stdin from
// /dev/null and stdout+stderr appended to `log_path` (truncated first).
ProcessResult run_process(const std::vector<std::string>& argv, const std::string& cwd,
                          const std::string& log_path);

// Full path of an executable: `name` itself when it contains '/', else the
// first match on PATH. Empty when not found or not executable.
std::string find_executable(const std::string& name);

// The last `n` lines of a text file ("" when it cannot be read).
std::string tail_lines(const std::string& path, int n);

}  // namespace tpe::hw
