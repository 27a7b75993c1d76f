// The one output writer (models/util/output_file): complete files or none,
// targets that are not regular files refused and untouched, write failures
// (RLIMIT_FSIZE, injected in this process) reported with the target left as
// it was and no temporary behind.
#include <catch2/catch.hpp>

#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "models/util/output_file.hpp"

using namespace tpe;
namespace fs = std::filesystem;

namespace {

// A fresh empty directory per test.
fs::path scratch(const std::string& name) {
  const fs::path d = fs::temp_directory_path() / ("tpe_output_file_" + name + "_" + std::to_string(::getpid()));
  fs::remove_all(d);
  fs::create_directories(d);
  return d;
}

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

size_t entries(const fs::path& d) { return size_t(std::distance(fs::directory_iterator(d), fs::directory_iterator())); }

// A scratch directory holding one target, out.txt, with "old\n" in it.
fs::path old_target(const std::string& name) {
  const fs::path t = scratch(name) / "out.txt";
  std::ofstream(t) << "old\n";
  return t;
}

// The target holds `content` and is alone in its directory (no temporary).
void check_only(const fs::path& t, const std::string& content) {
  CHECK(slurp(t) == content);
  CHECK(entries(t.parent_path()) == 1);
  fs::remove_all(t.parent_path());
}

}  // namespace

TEST_CASE("output file: nothing at the target until commit, then exactly the bytes written", "[output]") {
  const fs::path d = scratch("commit");
  const fs::path t = d / "out.txt";
  std::string expect;
  {
    OutputFile f(t.string(), "--trace");
    for (int i = 0; i < 100000; ++i) {  // beyond the 64 KiB buffer
      const std::string line = "line " + std::to_string(i) + "\n";
      f.stream() << line;
      expect += line;
    }
    CHECK_FALSE(fs::exists(t));
    CHECK(entries(d) == 0);  // the temporary has no name yet
    f.commit();
    CHECK(f.bytes_written() == expect.size());
  }
  check_only(t, expect);
}

TEST_CASE("output file: an uncommitted file leaves the old target and no temporary", "[output]") {
  const fs::path t = old_target("abandon");
  {
    OutputFile f(t.string());
    f.write("new, never committed\n");
  }
  check_only(t, "old\n");
}

TEST_CASE("output file: replacing a file keeps its permissions", "[output]") {
  const fs::path t = old_target("mode");
  fs::permissions(t, fs::perms::owner_read | fs::perms::owner_write);
  write_output_file(t.string(), "new\n");
  CHECK(fs::status(t).permissions() == (fs::perms::owner_read | fs::perms::owner_write));
  check_only(t, "new\n");
}

TEST_CASE("output file: a directory, a device and a symbolic link are refused and untouched", "[output]") {
  const fs::path d = scratch("refuse");
  fs::create_directory(d / "dir");
  std::ofstream(d / "real.txt") << "kept\n";
  fs::create_symlink(d / "real.txt", d / "link.txt");
  CHECK_THROWS_WITH(OutputFile((d / "dir").string(), "--trace"), Catch::Contains("--trace") && Catch::Contains("is a directory"));
  CHECK_THROWS_WITH(OutputFile((d / "link.txt").string(), "--trace"), Catch::Contains("is a symbolic link"));
  CHECK_THROWS_WITH(write_output_file("/dev/null", "x", "--activity"),
                    Catch::Contains("--activity: /dev/null exists and is a character device"));
  CHECK(fs::is_directory(d / "dir"));
  CHECK(fs::is_symlink(d / "link.txt"));
  CHECK(slurp(d / "real.txt") == "kept\n");
  CHECK(fs::is_character_file("/dev/null"));
  CHECK_THROWS_WITH(OutputFile((d / "missing" / "x.txt").string(), "--log"),
                    Catch::Contains("--log: cannot write") && Catch::Contains("does not exist"));
  CHECK(entries(d) == 3);
  fs::remove_all(d);
}

TEST_CASE("output file: a write beyond RLIMIT_FSIZE fails the commit, the old target stays", "[output]") {
  const fs::path t = old_target("fsize");
  struct rlimit old {};
  REQUIRE(getrlimit(RLIMIT_FSIZE, &old) == 0);
  {
    OutputFile f(t.string(), "--trace");  // from here SIGXFSZ is ignored: write(2) returns EFBIG
    struct rlimit small = old;
    small.rlim_cur = 100000;
    REQUIRE(setrlimit(RLIMIT_FSIZE, &small) == 0);
    f.write(std::string(300000, 'x'));
    CHECK_THROWS_WITH(f.commit(), Catch::Contains("--trace: cannot write") && Catch::Contains("File too large"));
    REQUIRE(setrlimit(RLIMIT_FSIZE, &old) == 0);
  }
  check_only(t, "old\n");
}

TEST_CASE("staged output: a file written by name appears on commit, an abandoned one vanishes", "[output]") {
  const fs::path d = scratch("staged");
  {
    StagedOutput s((d / "a.png").string(), "--out", ".png");
    CHECK(s.temp_path().size() > 4);
    CHECK(s.temp_path().substr(s.temp_path().size() - 4) == ".png");
    std::ofstream(s.temp_path()) << "image";
    CHECK_FALSE(fs::exists(d / "a.png"));
    s.commit();
  }
  CHECK(slurp(d / "a.png") == "image");
  {
    StagedOutput s((d / "b.png").string());
    std::ofstream(s.temp_path()) << "half an ima";
  }
  CHECK(entries(d) == 1);
  CHECK_THROWS_WITH(StagedOutput("/dev/null", "--wave"), Catch::Contains("character device"));
  fs::remove_all(d);
}
