#include "hw/verilator/verilator_build.hpp"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>

#include <fmt/format.h>

#include "hw/synth/process_run.hpp"
#include "hw/verilator/verilator_shim.hpp"
#include "models/util/atomic_file.hpp"
#include "models/util/content_hash.hpp"

namespace fs = std::filesystem;

namespace tpe::hw {
namespace {

// -O2 for the model code: the benchmark compares simulation speed, so the
// RTL side gets a properly optimized build.
const std::vector<std::string> kMakeOpt = {"OPT_FAST=-O2", "OPT_SLOW=-O1", "OPT_GLOBAL=-O2"};

std::vector<std::string> make_options(const VerilatorSources& src) {
  std::vector<std::string> o = kMakeOpt;
  if (src.unoptimized_slow_code || src.unoptimized_code) o[1] = "OPT_SLOW=-O0";
  if (src.unoptimized_code) o[0] = "OPT_FAST=-O0";
  return o;
}

void run_step(const std::vector<std::string>& argv, const fs::path& cwd, const fs::path& log, const std::string& what) {
  const ProcessResult r = run_process(argv, cwd.string(), log.string());
  if (r.ok()) return;
  throw std::runtime_error(fmt::format("{} failed (exit {}{}); last lines of {}:\n{}", what, r.exit_code,
                                       r.signal ? fmt::format(", signal {}", r.signal) : "", log.string(),
                                       tail_lines(log.string(), 20)));
}

// First line a command prints ("unknown" when it cannot run).
std::string first_output_line(const std::vector<std::string>& argv) {
  char tmpl[] = "/tmp/tpe-probe-XXXXXX";
  const int fd = mkstemp(tmpl);
  if (fd < 0) return "unknown";
  close(fd);
  run_process(argv, "", tmpl);
  std::ifstream in(tmpl);
  std::string line;
  std::getline(in, line);
  fs::remove(tmpl);
  return line;
}

// Moves a finished staging directory into place; if another process got
// there first, keeps theirs.
void publish(const fs::path& stage, const fs::path& final_dir) {
  std::error_code ec;
  fs::rename(stage, final_dir, ec);
  if (ec) fs::remove_all(stage, ec);
}

fs::path make_stage(const fs::path& cache, const std::string& tag) {
  fs::create_directories(cache);
  fs::path stage = cache / fmt::format(".stage-{}-{}", tag, getpid());
  fs::remove_all(stage);
  fs::create_directories(stage);
  return stage;
}

// verilated.o and verilated_threads.o, compiled with the flags Verilator's
// makefile uses, archived once per Verilator version.
fs::path runtime_library(const fs::path& cache, const fs::path& model_obj_dir, const std::string& version,
                         const VerilatorBuildOptions& opt) {
  const fs::path dir = cache / fmt::format("verilator-runtime-{}", ContentHash().add(version).hex());
  const fs::path lib = dir / "libverilated_pic.a";
  if (fs::exists(lib)) return lib;
  if (opt.progress) opt.progress("compiling the Verilator runtime (once per Verilator version)");
  const fs::path stage = make_stage(cache, "runtime");
  std::vector<std::string> make = {"make", "-C", model_obj_dir.string(), "-f", "Vtop.mk", "verilated.o",
                                   "verilated_threads.o"};
  make.insert(make.end(), kMakeOpt.begin(), kMakeOpt.end());
  run_step(make, model_obj_dir, stage / "build.log", "compiling the Verilator runtime");
  run_step({"ar", "rcs", (stage / "libverilated_pic.a").string(), (model_obj_dir / "verilated.o").string(),
            (model_obj_dir / "verilated_threads.o").string()},
           stage, stage / "ar.log", "archiving the Verilator runtime");
  publish(stage, dir);
  return lib;
}

}  // namespace

std::string default_cache_dir() {
  if (const char* d = std::getenv("TPE_CACHE_DIR"); d && *d) return d;
  if (const char* x = std::getenv("XDG_CACHE_HOME"); x && *x) return std::string(x) + "/tpe";
  if (const char* h = std::getenv("HOME"); h && *h) return std::string(h) + "/.cache/tpe";
  return "/tmp/tpe-cache";
}

std::string build_verilated_library(const rtl::GeneratedRtl& rtl, const VerilatorBuildOptions& opt, bool trace) {
  VerilatorSources src;
  src.trace = trace;
  src.unoptimized_code = rtl.compile_unoptimized;
  src.top = rtl.top;
  src.ports = rtl.design.find(rtl.top);
  src.files.assign(rtl.files.begin(), rtl.files.end());
  return build_verilated_library(src, opt);
}

std::string build_verilated_library(const VerilatorSources& src, const VerilatorBuildOptions& opt) {
  if (!src.ports) throw std::runtime_error("build_verilated_library: no port list for top " + src.top);
  const std::string verilator = find_executable("verilator");
  if (verilator.empty())
    throw std::runtime_error("verilator is not on PATH: install it with `make setup` (Debian package verilator)");
  const fs::path cache = opt.cache_dir.empty() ? default_cache_dir() : opt.cache_dir;
  const std::string version = first_output_line({verilator, "--version"});
  const std::string shim = verilator_shim_source(*src.ports, src.trace);
  std::string key_text = version + "\n" + shim;
  for (auto& f : make_options(src)) key_text += f;
  std::vector<std::string> extra_args = src.extra_args;
  if (src.trace) extra_args.insert(extra_args.end(), {"--trace", "--timescale-override", "1ps/1ps"});
  for (auto& a : extra_args) key_text += a + "\n";
  for (auto& [name, text] : src.files) key_text += name + "\n" + text;
  const std::string key = ContentHash().add(key_text).hex();
  const fs::path dir = cache / fmt::format("verilated-{}-{}", src.top, key);
  const fs::path lib = dir / "librtl.so";
  if (fs::exists(lib)) {
    if (opt.progress) opt.progress(fmt::format("using cached Verilated model {}", dir.string()));
    return lib.string();
  }
  if (opt.progress) opt.progress(fmt::format("verilating {} (cached in {})", src.top, dir.string()));
  const fs::path stage = make_stage(cache, src.top);
  try {
    std::vector<std::string> verilate = {verilator, "--cc", "--prefix", "Vtop", "--top-module", src.top,
                                         "--x-assign", "unique", "--x-initial", "unique",
                                         "-CFLAGS", "-fPIC", "-Mdir", "obj"};
    verilate.insert(verilate.end(), extra_args.begin(), extra_args.end());
    for (auto& [name, text] : src.files) {
      write_text_file((stage / name).string(), text);
      verilate.push_back(name);
    }
    write_text_file((stage / "shim.cpp").string(), shim);
    run_step(verilate, stage, stage / "verilate.log", "verilator");
    if (opt.progress) opt.progress("compiling the Verilated model");
    std::vector<std::string> make = {"make", "-C", "obj", "-f", "Vtop.mk", "-j2", "Vtop__ALL.a"};
    const std::vector<std::string> opts = make_options(src);
    make.insert(make.end(), opts.begin(), opts.end());
    run_step(make, stage, stage / "make.log", "compiling the Verilated model");
    const fs::path runtime = runtime_library(cache, stage / "obj", version, opt);
    const std::string inc = first_output_line({verilator, "--getenv", "VERILATOR_ROOT"}) + "/include";
    std::vector<std::string> link = {"g++", "-std=c++17", "-O2", "-fPIC", "-shared", "-faligned-new", "-Iobj",
                                     "-I" + inc, "-I" + inc + "/vltstd", "shim.cpp"};
    // The VCD writer of Verilator's runtime, only where a waveform is wanted.
    if (src.trace) link.insert(link.end(), {"-DVM_TRACE=1", inc + "/verilated_vcd_c.cpp"});
    link.insert(link.end(), {"obj/Vtop__ALL.a", runtime.string(), "-pthread", "-latomic", "-o", "librtl.so"});
    run_step(link, stage, stage / "link.log", "linking the Verilated model");
    fs::remove_all(stage / "obj");  // keep the cache small: sources, logs and the library
  } catch (...) {
    std::error_code ec;
    fs::remove_all(stage, ec);
    throw;
  }
  publish(stage, dir);
  return lib.string();
}

}  // namespace tpe::hw
