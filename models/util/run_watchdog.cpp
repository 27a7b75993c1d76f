#include "models/util/run_watchdog.hpp"

#include <signal.h>
#include <sys/time.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <cmath>
#include <cstring>
#include <stdexcept>

#include <fmt/format.h>

#include "models/util/output_file.hpp"

namespace tpe {
namespace {

// Everything the handler touches is fixed-size and prepared beforehand:
// a signal handler may not allocate.
std::array<char, 512> g_message{};
size_t g_message_len = 0;
constexpr size_t kChildren = 16;
std::array<std::atomic<pid_t>, kChildren> g_children{};

extern "C" void on_run_timeout(int) {
  kill_tracked_children();
  remove_registered_temporaries();
  if (g_message_len) {
    ssize_t ignored = ::write(2, g_message.data(), g_message_len);
    (void)ignored;
  }
  ::_exit(kTimeoutExitStatus);
}

}  // namespace

void arm_run_timeout(double seconds, const std::string& command) {
  if (!(seconds > 0) || !std::isfinite(seconds) || seconds > 1e7)
    throw std::invalid_argument(fmt::format("--timeout has value {}; allowed: 0 < seconds <= 10000000", seconds));
  const std::string msg = fmt::format(
      "tpe {}: error: --timeout {} s reached: the run was stopped; no output file was written\n", command, seconds);
  g_message_len = std::min(msg.size(), g_message.size());
  std::memcpy(g_message.data(), msg.data(), g_message_len);
  struct sigaction sa {};
  sa.sa_handler = on_run_timeout;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGALRM, &sa, nullptr);
  itimerval t{};
  t.it_value.tv_sec = time_t(seconds);
  t.it_value.tv_usec = suseconds_t((seconds - std::floor(seconds)) * 1e6);
  if (t.it_value.tv_sec == 0 && t.it_value.tv_usec == 0) t.it_value.tv_usec = 1;
  setitimer(ITIMER_REAL, &t, nullptr);
}

void kill_tracked_children() noexcept {
  for (auto& c : g_children) {
    const pid_t pg = c.load();
    if (pg > 0) ::kill(-pg, SIGKILL);
  }
}

void track_child_process_group(pid_t pgid) {
  // A child outside our process group no longer gets the terminal's ^C:
  // the interrupt handlers kill it (output_file.cpp).
  install_signal_cleanup();
  for (auto& c : g_children) {
    pid_t none = 0;
    if (c.compare_exchange_strong(none, pgid)) return;
  }
}

void untrack_child_process_group(pid_t pgid) {
  for (auto& c : g_children) {
    pid_t want = pgid;
    if (c.compare_exchange_strong(want, 0)) return;
  }
}

}  // namespace tpe
