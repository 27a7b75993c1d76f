#include "hw/synth/synth_cache.hpp"

#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace fs = std::filesystem;

namespace tpe::hw {

std::string make_staging_dir(const std::string& cache_dir, const std::string& key) {
  static std::atomic<int> counter{0};
  fs::path base = cache_dir.empty() ? fs::temp_directory_path() : fs::path(cache_dir);
  fs::create_directories(base);
  const std::string name = (cache_dir.empty() ? "tpe-synth-" : ".tmp-") + key + "-" + std::to_string(::getpid()) +
                           "-" + std::to_string(counter++);
  const fs::path dir = base / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return fs::absolute(dir).string();
}

std::string commit_staging_dir(const std::string& staging, const std::string& cache_dir, const std::string& key) {
  const fs::path final_dir = fs::absolute(fs::path(cache_dir) / key);
  std::error_code ec;
  fs::rename(staging, final_dir, ec);  // atomic on one filesystem
  if (ec) {
    if (fs::exists(final_dir / "report.json")) {  // a concurrent run finished first
      fs::remove_all(staging);
    } else {
      throw std::runtime_error("cannot move " + staging + " to " + final_dir.string() + ": " + ec.message());
    }
  }
  return final_dir.string();
}

std::string park_failed_dir(const std::string& staging, const std::string& cache_dir, const std::string& key) {
  if (cache_dir.empty()) {
    std::error_code ec;
    fs::remove_all(staging, ec);
    return "";
  }
  const fs::path failed = fs::absolute(fs::path(cache_dir) / (".failed-" + key));
  std::error_code ec;
  fs::remove_all(failed, ec);
  fs::rename(staging, failed, ec);
  return ec ? staging : failed.string();
}

}  // namespace tpe::hw
