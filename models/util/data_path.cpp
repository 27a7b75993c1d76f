#include "models/util/data_path.hpp"

#include <cstdlib>
#include <filesystem>
#include <system_error>

#ifndef TPE_SOURCE_DIR
#define TPE_SOURCE_DIR "."
#endif

namespace fs = std::filesystem;

namespace tpe {

std::string data_dir() {
  if (const char* env = std::getenv("TPE_DATA_DIR"); env && *env) return env;
  // An installed tpe finds its data beside it, wherever the prefix was
  // moved; a tpe in a build tree has no share/tpe there and uses the source.
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    const fs::path share = exe.parent_path().parent_path() / "share" / "tpe";
    if (fs::is_directory(share / "configs", ec)) return share.string();
  }
  return TPE_SOURCE_DIR;
}

std::string data_file(const std::string& relative) { return data_dir() + "/" + relative; }

}  // namespace tpe
