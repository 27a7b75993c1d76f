// The one progress line of long runs (gen, sim, cosim, synth, energy): on a
// terminal, stderr shows "WHAT: 42.0% (DONE of TOTAL UNIT), 3.1 s elapsed,
// about 4.3 s left", redrawn at most four times a second and erased when the
// run ends. Silent when stderr is not a terminal (logs, pipes, CI) or after
// set_quiet(true) (--quiet), so reports and captured output never carry it.
#pragma once
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <cstdint>
#include <string>

namespace tpe {

class Progress {
 public:
  // `total` units of work (0: unknown, then only the elapsed time shows).
  // `ticking`: a thread redraws the line while the caller blocks (waiting
  // for yosys or OpenSTA), so the elapsed time keeps moving.
  Progress(std::string what, double total, std::string unit, bool ticking = false);
  ~Progress();
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  void update(double done);      // cheap when not shown or not yet due
  void set_stage(std::string s);  // a label shown after WHAT (e.g. "yosys")

  static void set_quiet(bool quiet);
  static bool shown();  // stderr is a terminal and not quiet

  // The line for `done` of `total` after `elapsed_s` (for tests: the rate
  // so far gives the estimate of the time left).
  static std::string line(const std::string& what, double done, double total, const std::string& unit,
                          double elapsed_s);

 private:
  void draw(double done);
  std::string what_, unit_, stage_;
  double total_;
  bool enabled_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point start_, last_;
  std::mutex mutex_;  // the ticker and the caller draw the same line
  double done_ = 0;
  bool stop_ = false;
  std::condition_variable wake_;
  std::thread ticker_;
};

}  // namespace tpe
