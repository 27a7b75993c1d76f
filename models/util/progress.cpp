#include "models/util/progress.hpp"

#include <unistd.h>

#include <atomic>
#include <cmath>
#include <cstdio>

#include <fmt/format.h>

namespace tpe {
namespace {

std::atomic<bool> g_quiet{false};

std::string duration(double s) {
  if (s < 60) return fmt::format("{:.1f} s", s);
  if (s < 3600) return fmt::format("{:.0f} min {:02.0f} s", std::floor(s / 60), s - 60 * std::floor(s / 60));
  return fmt::format("{:.1f} h", s / 3600);
}

// 1234567 -> "1,234,567": counts of cycles read at a glance.
std::string grouped(double x) {
  std::string d = fmt::format("{:.0f}", x), out;
  for (size_t i = 0; i < d.size(); ++i) {
    if (i && (d.size() - i) % 3 == 0) out += ',';
    out += d[i];
  }
  return out;
}

}  // namespace

Progress::Progress(std::string what, double total, std::string unit, bool ticking)
    : what_(std::move(what)), unit_(std::move(unit)), total_(total), enabled_(shown()) {
  start_ = last_ = std::chrono::steady_clock::now();
  if (enabled_ && ticking)
    ticker_ = std::thread([this] {
      std::unique_lock<std::mutex> lock(mutex_);
      while (!wake_.wait_for(lock, std::chrono::milliseconds(500), [this] { return stop_; })) draw(done_);
    });
}

Progress::~Progress() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stop_ = true;
  }
  wake_.notify_all();
  if (ticker_.joinable()) ticker_.join();
  if (drawn_) std::fputs("\r\033[K", stderr);  // erase the line: the report follows cleanly
}

void Progress::set_quiet(bool quiet) { g_quiet = quiet; }

bool Progress::shown() { return !g_quiet && ::isatty(2); }

std::string Progress::line(const std::string& what, double done, double total, const std::string& unit,
                           double elapsed_s) {
  std::string s = what + ": ";
  if (total > 0) {
    s += fmt::format("{:.1f}% ({} of {} {}), {} elapsed", 100 * std::min(done, total) / total, grouped(done),
                     grouped(total), unit, duration(elapsed_s));
    if (done > 0 && done < total) s += ", about " + duration(elapsed_s * (total - done) / done) + " left";
  } else if (unit.empty()) {  // a stage of unknown length (an external tool)
    s += duration(elapsed_s) + " elapsed";
  } else {
    s += fmt::format("{} {}, {} elapsed", grouped(done), unit, duration(elapsed_s));
  }
  return s;
}

void Progress::set_stage(std::string s) {
  if (!enabled_) return;
  std::lock_guard<std::mutex> lock(mutex_);
  stage_ = std::move(s);
  draw(done_);
}

void Progress::update(double done) {
  if (!enabled_) return;
  std::lock_guard<std::mutex> lock(mutex_);
  done_ = done;
  const auto now = std::chrono::steady_clock::now();
  if (now - last_ < std::chrono::milliseconds(250)) return;
  last_ = now;
  draw(done);
}

void Progress::draw(double done) {
  const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  const std::string label = stage_.empty() ? what_ : what_ + " (" + stage_ + ")";
  const std::string l = line(label, done, total_, unit_, elapsed);
  std::fprintf(stderr, "\r\033[K%s", l.c_str());
  std::fflush(stderr);
  drawn_ = true;
}

}  // namespace tpe
