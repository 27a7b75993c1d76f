// A wall-clock bound on a whole `tpe` run (--timeout SECONDS), the same in
// every subcommand: when it expires, wherever the run is (a SystemC loop, a
// Verilator build, yosys, OpenSTA), the process prints one clear message,
// kills the external tools it started, removes its named temporaries (no
// partial output: an unnamed O_TMPFILE vanishes with the process) and exits
// with status 124 (the status coreutils' timeout(1) uses).
//
// A watchdog rather than checks inside every loop: the long parts include
// child processes and library code that have no place to poll a deadline.
#pragma once
#include <string>
#include <sys/types.h>

namespace tpe {

constexpr int kTimeoutExitStatus = 124;

// Arms the bound (seconds > 0; at most one per process; a later call
// replaces it). `command` names the subcommand in the message.
void arm_run_timeout(double seconds, const std::string& command);

// External tools are started in their own process group (run_process) and
// registered here for the watchdog to kill with their children.
void track_child_process_group(pid_t pgid);
void untrack_child_process_group(pid_t pgid);
// SIGKILLs every tracked group (async-signal-safe; the interrupt handlers).
void kill_tracked_children() noexcept;

}  // namespace tpe
