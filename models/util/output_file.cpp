#include "models/util/output_file.hpp"
#include "models/util/run_watchdog.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <mutex>
#include <stdexcept>
#include <vector>

#include <fmt/format.h>

namespace fs = std::filesystem;

namespace tpe {
namespace {

std::string prefix(const std::string& what) { return what.empty() ? std::string() : what + ": "; }

std::runtime_error write_error(const std::string& what, const std::string& path, int err) {
  return std::runtime_error(
      fmt::format("{}cannot write {} ({})", prefix(what), path == "-" ? "standard output" : path, std::strerror(err)));
}

const char* kind_of(mode_t m) {
  if (S_ISDIR(m)) return "a directory";
  if (S_ISLNK(m)) return "a symbolic link";
  if (S_ISCHR(m)) return "a character device";
  if (S_ISBLK(m)) return "a block device";
  if (S_ISFIFO(m)) return "a FIFO";
  if (S_ISSOCK(m)) return "a socket";
  return "not a regular file";
}

std::string dir_of(const std::string& path) {
  const fs::path parent = fs::path(path).parent_path();
  return parent.empty() ? std::string(".") : parent.string();
}

// --- Named temporaries are removed when the process is interrupted ----------
// A fixed table the signal handler can walk without allocating; a slot is
// filled before it is marked used.
constexpr size_t kSlots = 64, kSlotPath = 4096;
std::array<std::array<char, kSlotPath>, kSlots> g_temp_paths;
std::array<std::atomic<bool>, kSlots> g_temp_used{};

extern "C" void remove_temporaries_and_die(int sig) {
  kill_tracked_children();  // external tools run in their own process groups
  remove_registered_temporaries();
  std::signal(sig, SIG_DFL);
  std::raise(sig);
}

}  // namespace

void install_signal_cleanup() {
  static std::once_flag once;
  std::call_once(once, [] {
    for (int sig : {SIGINT, SIGTERM, SIGHUP}) {
      struct sigaction old {};
      // A signal the caller ignores (nohup) or handles stays as it was.
      if (sigaction(sig, nullptr, &old) == 0 && old.sa_handler == SIG_DFL) {
        struct sigaction sa {};
        sa.sa_handler = remove_temporaries_and_die;
        sigemptyset(&sa.sa_mask);
        sigaction(sig, &sa, nullptr);
      }
    }
    // Beyond RLIMIT_FSIZE a write fails with EFBIG (reported like a full
    // disk) instead of SIGXFSZ killing the process mid-file.
    struct sigaction old {};
    if (sigaction(SIGXFSZ, nullptr, &old) == 0 && old.sa_handler == SIG_DFL) std::signal(SIGXFSZ, SIG_IGN);
  });
}

namespace {

int register_temporary(const std::string& path) {
  install_signal_cleanup();
  if (path.size() >= kSlotPath) return -1;
  static std::mutex m;
  std::lock_guard<std::mutex> lock(m);
  for (size_t i = 0; i < kSlots; ++i)
    if (!g_temp_used[i].load()) {
      std::memcpy(g_temp_paths[i].data(), path.c_str(), path.size() + 1);
      g_temp_used[i].store(true);
      return int(i);
    }
  return -1;  // the table is full: the temporary is still removed on errors
}

void unregister_temporary(int& slot) {
  if (slot >= 0) g_temp_used[size_t(slot)].store(false);
  slot = -1;
}

std::string unique_temp_name(const std::string& path, const std::string& suffix) {
  static std::atomic<unsigned> counter{0};
  const fs::path p(path);
  return (fs::path(dir_of(path)) /
          fmt::format(".{}.tmp-{}-{}{}", p.filename().string(), ::getpid(), counter.fetch_add(1), suffix))
      .string();
}

// Makes the directory entry of a rename durable; file systems that cannot
// fsync a directory (EINVAL) are left as they are.
int sync_directory(const std::string& dir) {
  const int d = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (d < 0) return 0;
  const int rc = ::fsync(d) == 0 || errno == EINVAL ? 0 : errno;
  ::close(d);
  return rc;
}

// A stream buffer over a file descriptor: 64 KiB buffered, every write(2)
// checked, the first error kept (the stream then goes bad).
class FdBuf : public std::streambuf {
 public:
  FdBuf() : buf_(size_t(1) << 16) { reset(); }
  void attach(int fd) { fd_ = fd; }
  int error() const { return err_; }
  uint64_t written() const { return written_; }
  bool drain() {
    if (err_) return false;
    const char* p = pbase();
    const size_t n = size_t(pptr() - pbase());
    reset();
    return put_all(p, n);
  }

 protected:
  int_type overflow(int_type c) override {
    if (!drain()) return traits_type::eof();
    if (!traits_type::eq_int_type(c, traits_type::eof())) {
      *pptr() = traits_type::to_char_type(c);
      pbump(1);
    }
    return traits_type::not_eof(c);
  }
  std::streamsize xsputn(const char* s, std::streamsize n) override {
    if (err_) return 0;
    if (n > epptr() - pptr()) {
      if (!drain()) return 0;
      if (size_t(n) >= buf_.size()) return put_all(s, size_t(n)) ? n : 0;
    }
    std::memcpy(pptr(), s, size_t(n));
    pbump(int(n));
    return n;
  }
  int sync() override { return drain() ? 0 : -1; }

 private:
  void reset() { setp(buf_.data(), buf_.data() + buf_.size()); }
  bool put_all(const char* p, size_t n) {
    while (n > 0) {
      const ssize_t r = ::write(fd_, p, n);
      if (r < 0) {
        if (errno == EINTR) continue;
        err_ = errno;
        return false;
      }
      p += r;
      n -= size_t(r);
      written_ += uint64_t(r);
    }
    return true;
  }
  std::vector<char> buf_;
  int fd_ = -1, err_ = 0;
  uint64_t written_ = 0;
};

}  // namespace

void remove_registered_temporaries() noexcept {
  for (size_t i = 0; i < kSlots; ++i)
    if (g_temp_used[i].load()) ::unlink(g_temp_paths[i].data());
}

void check_output_target(const std::string& path, const std::string& what) {
  if (path.empty()) throw std::runtime_error(prefix(what) + "the output path is empty");
  struct stat st {};
  if (::lstat(path.c_str(), &st) == 0) {
    if (!S_ISREG(st.st_mode))
      throw std::runtime_error(fmt::format("{}{} exists and is {}; refusing to replace it (give a regular file or a new name)",
                                           prefix(what), path, kind_of(st.st_mode)));
    return;
  }
  if (errno != ENOENT) throw write_error(what, path, errno);
  const std::string dir = dir_of(path);
  struct stat ds {};
  if (::stat(dir.c_str(), &ds) != 0 || !S_ISDIR(ds.st_mode))
    throw std::runtime_error(fmt::format("{}cannot write {}: the directory {} does not exist", prefix(what), path, dir));
}

struct OutputFile::Impl {
  std::string path, what, temp;  // temp: a named temporary (fallback path)
  int fd = -1, slot = -1;
  bool is_stdout = false, anonymous = false, committed = false;
  mode_t mode = 0644;
  FdBuf buf;
  std::ostream os{&buf};

  void discard() {
    if (fd >= 0 && !is_stdout) ::close(fd);
    fd = -1;
    if (!temp.empty()) ::unlink(temp.c_str());
    temp.clear();
    unregister_temporary(slot);
  }
  [[noreturn]] void fail(int err) {
    discard();
    committed = true;  // nothing left to discard
    throw write_error(what, path, err);
  }
};

OutputFile::OutputFile(const std::string& path, const std::string& what, bool allow_stdout)
    : impl_(std::make_unique<Impl>()) {
  Impl& m = *impl_;
  m.path = path;
  m.what = what;
  install_signal_cleanup();
  if (allow_stdout && path == "-") {
    std::fflush(stdout);  // text printed before stays before the stream
    std::cout.flush();
    m.is_stdout = true;
    m.fd = STDOUT_FILENO;
    m.buf.attach(m.fd);
    return;
  }
  check_output_target(path, what);
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0) {
    m.mode = st.st_mode & 07777;  // replacing a file keeps its permissions
  } else {
    const mode_t mask = ::umask(0);
    ::umask(mask);
    m.mode = 0666 & ~mask;
  }
  const std::string dir = dir_of(path);
  // Unnamed until commit: a killed process leaves no file at all. It is
  // linked through /proc/self/fd, so /proc must be there.
  if (::access("/proc/self/fd", X_OK) == 0) {
    m.fd = ::open(dir.c_str(), O_TMPFILE | O_WRONLY | O_CLOEXEC, 0600);
    if (m.fd >= 0) m.anonymous = true;
    else if (errno != EOPNOTSUPP && errno != EISDIR && errno != EINVAL)
      throw write_error(what, path, errno);
  }
  if (m.fd < 0) {
    std::string tmpl = unique_temp_name(path, "") + "-XXXXXX";
    m.fd = ::mkstemp(tmpl.data());
    if (m.fd < 0) throw write_error(what, path, errno);
    m.temp = tmpl;
    m.slot = register_temporary(m.temp);
  }
  m.buf.attach(m.fd);
}

OutputFile::~OutputFile() {
  if (impl_ && !impl_->committed) impl_->discard();
}

std::ostream& OutputFile::stream() { return impl_->os; }
void OutputFile::write(std::string_view bytes) { impl_->os.write(bytes.data(), std::streamsize(bytes.size())); }
const std::string& OutputFile::path() const { return impl_->path; }
bool OutputFile::is_stdout() const { return impl_->is_stdout; }
uint64_t OutputFile::bytes_written() const { return impl_->buf.written(); }

void OutputFile::commit() {
  Impl& m = *impl_;
  if (m.committed) throw std::logic_error("OutputFile::commit called twice for " + m.path);
  if (!m.buf.drain() || !m.os) m.fail(m.buf.error() ? m.buf.error() : EIO);
  if (m.is_stdout) {
    m.committed = true;
    return;
  }
  if (::fchmod(m.fd, m.mode) != 0) m.fail(errno);
  if (::fsync(m.fd) != 0) m.fail(errno);
  if (m.anonymous) {
    // linkat cannot replace a file: link under a unique name, then rename.
    for (int attempt = 0; m.temp.empty(); ++attempt) {
      const std::string name = unique_temp_name(m.path, "");
      const std::string proc = fmt::format("/proc/self/fd/{}", m.fd);
      if (::linkat(AT_FDCWD, proc.c_str(), AT_FDCWD, name.c_str(), AT_SYMLINK_FOLLOW) == 0) {
        m.temp = name;
        m.slot = register_temporary(m.temp);
      } else if (errno != EEXIST || attempt > 100) {
        m.fail(errno);
      }
    }
  }
  const int fd = m.fd;
  m.fd = -1;
  if (::close(fd) != 0) m.fail(errno);
  // The target may have changed while the file was written.
  try {
    check_output_target(m.path, m.what);
  } catch (...) {
    m.discard();
    m.committed = true;
    throw;
  }
  if (::rename(m.temp.c_str(), m.path.c_str()) != 0) m.fail(errno);
  m.temp.clear();
  unregister_temporary(m.slot);
  m.committed = true;
  if (const int err = sync_directory(dir_of(m.path))) throw write_error(m.what, m.path, err);
}

void write_output_file(const std::string& path, std::string_view contents, const std::string& what,
                       bool allow_stdout) {
  OutputFile f(path, what, allow_stdout);
  f.write(contents);
  f.commit();
}

StagedOutput::StagedOutput(const std::string& path, const std::string& what, const std::string& suffix)
    : path_(path), what_(what) {
  check_output_target(path, what);
  temp_ = unique_temp_name(path, suffix);
  // Created now (empty) so an unwritable directory fails before the run
  // that will write it; the writer truncates it.
  const int fd = ::open(temp_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
  if (fd < 0) throw write_error(what, path, errno);
  ::close(fd);
  slot_ = register_temporary(temp_);
}

StagedOutput::~StagedOutput() {
  if (!done_) ::unlink(temp_.c_str());
  unregister_temporary(slot_);
}

void StagedOutput::commit() {
  auto fail = [&](int err) {
    ::unlink(temp_.c_str());
    done_ = true;
    throw write_error(what_, path_, err);
  };
  const int fd = ::open(temp_.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) fail(errno);
  const int rc = ::fsync(fd) == 0 ? 0 : errno;
  ::close(fd);
  if (rc) fail(rc);
  try {
    check_output_target(path_, what_);
  } catch (...) {
    ::unlink(temp_.c_str());
    done_ = true;
    throw;
  }
  if (::rename(temp_.c_str(), path_.c_str()) != 0) fail(errno);
  done_ = true;
  unregister_temporary(slot_);
  if (const int err = sync_directory(dir_of(path_))) throw write_error(what_, path_, err);
}

}  // namespace tpe
