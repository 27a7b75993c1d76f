#include "tools/gnuplot_figure.hpp"

#include <cstdlib>
#include <filesystem>

#include <fmt/format.h>

#include "models/util/atomic_file.hpp"
#include "models/util/output_file.hpp"

namespace tpe::cli {
namespace fs = std::filesystem;

std::string gp_text(const std::string& s) {
  std::string o;
  for (char c : s) {
    if (c == '"' || c == '\\') o += '\\';
    if (c == '_' || c == '^' || c == '{' || c == '}' || c == '@' || c == '&') o += "\\\\";  // enhanced-text markup
    o += c;
  }
  return o;
}

namespace {
int run(const std::string& cmd) { return std::system(cmd.c_str()); }
}  // namespace

std::vector<std::string> render_gnuplot(const std::string& prefix, const std::string& data, const std::string& script) {
  if (run("command -v gnuplot >/dev/null 2>&1") != 0)
    throw std::runtime_error("gnuplot is not on PATH: install it with `make setup` (Debian package gnuplot)");
  const fs::path p(prefix);
  if (!p.parent_path().empty()) fs::create_directories(p.parent_path());
  const std::string dat = prefix + ".dat", gp = prefix + ".gp";
  write_file_atomically(dat, data);
  write_file_atomically(gp, script);
  // pngcairo draws anti-aliased text; the libgd png terminal is the fallback.
  const bool cairo = run("gnuplot -e 'set terminal pngcairo' >/dev/null 2>&1") == 0;
  std::vector<std::string> out;
  for (const auto& [ext, term] : std::vector<std::pair<std::string, std::string>>{
           {"png", cairo ? "pngcairo size 1100,700 font 'Sans,11'" : "png size 1100,700"},
           {"svg", "svg size 1100,700 dynamic font 'Sans,11'"}}) {
    const std::string file = prefix + "." + ext;
    StagedOutput image(file, "--out", "." + ext);  // a reader never sees half an image
    const std::string err = prefix + ".gnuplot-errors.txt";
    const std::string cmd = fmt::format("gnuplot -e \"DAT='{}'; set terminal {}; set output '{}'\" '{}' 2> '{}'", dat,
                                        term, image.temp_path(), gp, err);
    if (run(cmd) != 0) {
      std::string msg = fs::exists(err) ? read_text_file(err) : std::string();
      fs::remove(err);
      throw std::runtime_error(fmt::format("gnuplot failed on {}: {}", gp, msg));
    }
    fs::remove(err);
    image.commit();
    out.push_back(file);
  }
  return out;
}

}  // namespace tpe::cli
