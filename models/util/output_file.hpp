// The one writer of every file tpe produces (docs/cli.md, "Output files").
//
// A target is never half-written, truncated or replaced by something it was
// not: the bytes go to an unnamed temporary file in the target's directory
// (O_TMPFILE; a uniquely named one where the file system lacks it), every
// write and the close are checked, the file is fsync'ed and only then linked
// and renamed onto the target. A target that exists and is not a regular
// file (a directory, a device such as /dev/null, a FIFO, a socket, a
// symbolic link) is refused and left untouched. A killed process leaves
// nothing behind on the O_TMPFILE path; named temporaries are removed on
// SIGINT, SIGTERM and SIGHUP.
#pragma once
#include <cstdint>
#include <memory>
#include <ostream>
#include <string>
#include <string_view>

namespace tpe {

// Unlinks every named temporary still open (async-signal-safe): the
// cleanup of the signal handlers and of the run watchdog (run_watchdog.hpp).
void remove_registered_temporaries() noexcept;
// Installs the SIGINT/SIGTERM/SIGHUP cleanup (once; a signal the caller
// ignores or handles stays as it was).
void install_signal_cleanup();

// Throws std::runtime_error "<what>: <path> is a directory; ..." when `path`
// exists and is not a regular file, or when its directory does not exist.
// `what` names the option or file role in messages (e.g. "--trace").
void check_output_target(const std::string& path, const std::string& what = "");

// One output file, written as a stream in bounded memory (a 64 KiB buffer).
// Nothing appears at `path` until commit(); destroying an uncommitted
// OutputFile discards what was written.
class OutputFile {
 public:
  // `-` means standard output when `allow_stdout` (its writes are checked
  // too; nothing is renamed). Throws when the target is refused or no
  // temporary can be created in its directory.
  explicit OutputFile(const std::string& path, const std::string& what = "", bool allow_stdout = false);
  ~OutputFile();
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;

  // The stream to write to. After a failed write it is bad and ignores
  // further output; commit() then reports the error.
  std::ostream& stream();
  void write(std::string_view bytes);
  // Flushes, fsyncs, closes and renames onto the target, every step checked;
  // on failure throws std::runtime_error naming `what`, the path and the
  // system's reason, and leaves the target as it was.
  void commit();

  const std::string& path() const;
  bool is_stdout() const;
  uint64_t bytes_written() const;

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

// Writes `contents` to `path` through an OutputFile (`-`: standard output
// when allow_stdout).
void write_output_file(const std::string& path, std::string_view contents, const std::string& what = "",
                       bool allow_stdout = false);

// For files another program writes by name (gnuplot, Verilator's VCD): a
// unique temporary beside the target (created empty at once, so an
// unwritable directory fails early), the target checked like an
// OutputFile's; commit() fsyncs the file and renames it into place, the
// destructor of an uncommitted stage removes the temporary. `suffix` is
// kept at the end of the temporary name (tools that pick a format by it).
class StagedOutput {
 public:
  explicit StagedOutput(const std::string& path, const std::string& what = "", const std::string& suffix = "");
  ~StagedOutput();
  StagedOutput(const StagedOutput&) = delete;
  StagedOutput& operator=(const StagedOutput&) = delete;

  const std::string& temp_path() const { return temp_; }
  const std::string& path() const { return path_; }
  void commit();

 private:
  std::string path_, what_, temp_;
  int slot_ = -1;  // in the table of temporaries removed on SIGINT/SIGTERM/SIGHUP
  bool done_ = false;
};

}  // namespace tpe
