#include "hw/synth/process_run.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <deque>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "models/util/run_watchdog.hpp"

namespace tpe::hw {

ProcessResult run_process(const std::vector<std::string>& argv, const std::string& cwd,
                          const std::string& log_path) {
  if (argv.empty()) throw std::invalid_argument("run_process: empty argv");
  ProcessResult r;
  // Everything the child needs is prepared before fork: after fork only
  // async-signal-safe calls are allowed.
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  const int log_fd = ::open(log_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (log_fd < 0) throw std::runtime_error("run_process: cannot open log " + log_path);
  const int null_fd = ::open("/dev/null", O_RDONLY | O_CLOEXEC);

  const auto t0 = std::chrono::steady_clock::now();
  const pid_t pid = ::fork();
  if (pid < 0) {
    ::close(log_fd);
    if (null_fd >= 0) ::close(null_fd);
    throw std::runtime_error("run_process: fork failed");
  }
  if (pid == 0) {
    // Its own process group, so --timeout's watchdog kills the tool and
    // everything it started (make's compilers under a Verilator build).
    ::setpgid(0, 0);
    if (null_fd >= 0) ::dup2(null_fd, 0);
    ::dup2(log_fd, 1);
    ::dup2(log_fd, 2);
    if (!cwd.empty() && ::chdir(cwd.c_str()) != 0) ::_exit(126);
    ::execvp(args[0], args.data());
    ::_exit(127);  // exec failed: 127 is the shell's "command not found"
  }
  ::setpgid(pid, pid);  // also from the parent: no race with the watchdog
  track_child_process_group(pid);
  ::close(log_fd);
  if (null_fd >= 0) ::close(null_fd);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) {
      untrack_child_process_group(pid);
      throw std::runtime_error("run_process: waitpid failed");
    }
  }
  untrack_child_process_group(pid);
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (WIFEXITED(status)) {
    r.exit_code = WEXITSTATUS(status);
    r.exec_failed = (r.exit_code == 127);
  } else if (WIFSIGNALED(status)) {
    r.signal = WTERMSIG(status);
  }
  return r;
}

std::string find_executable(const std::string& name) {
  auto is_exec = [](const std::string& p) {
    struct stat st {};
    return ::stat(p.c_str(), &st) == 0 && S_ISREG(st.st_mode) && ::access(p.c_str(), X_OK) == 0;
  };
  if (name.empty()) return "";
  if (name.find('/') != std::string::npos) return is_exec(name) ? name : "";
  const char* path = std::getenv("PATH");
  std::stringstream ss(path ? path : "/usr/local/bin:/usr/bin:/bin");
  std::string dir;
  while (std::getline(ss, dir, ':')) {
    const std::string p = (dir.empty() ? "." : dir) + "/" + name;
    if (is_exec(p)) return p;
  }
  return "";
}

std::string tail_lines(const std::string& path, int n) {
  std::ifstream in(path);
  if (!in) return "";
  std::deque<std::string> last;
  std::string line;
  while (std::getline(in, line)) {
    last.push_back(line);
    if (int(last.size()) > n) last.pop_front();
  }
  std::string out;
  for (const auto& l : last) out += l + "\n";
  return out;
}

}  // namespace tpe::hw
