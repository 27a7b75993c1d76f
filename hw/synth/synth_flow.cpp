#include "hw/synth/synth_flow.hpp"

#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <mutex>
#include <sstream>

#include "hw/synth/liberty_info.hpp"
#include "hw/synth/process_run.hpp"
#include "hw/synth/sta_report_parse.hpp"
#include "hw/synth/synth_cache.hpp"
#include "hw/synth/synth_hierarchy.hpp"
#include "hw/synth/synth_report_json.hpp"
#include "hw/synth/synth_scripts.hpp"
#include "hw/synth/yosys_stat_parse.hpp"

namespace fs = std::filesystem;

namespace tpe::hw {

namespace {

// Bumped whenever the scripts or the parsing change what a report means, so
// old cache entries are not reused.
constexpr const char* kFlowVersion = "tpe-synth-flow-3";
constexpr int kLogTailLines = 20;
// A single stage slower than this (ns) on the critical path is flagged as an
// unbuffered high-fanout net. Normal OSU018 stages are 0.1-2 ns.
constexpr double kSlowStageNs = 5.0;
constexpr const char* kSetupHint = "run `make setup` (scripts/setup.sh installs yosys and opensta from Debian and "
                                   "unpacks qflow-tech-osu018 into /opt/osu018)";

struct Tools {
  std::string yosys_path, sta_path, yosys_version, sta_version;
};

std::string first_line(const std::string& s) {
  const auto e = s.find('\n');
  std::string l = s.substr(0, e);
  while (!l.empty() && (l.back() == '\r' || l.back() == ' ')) l.pop_back();
  return l;
}

// `yosys -V` / `sta -version` once per executable per process: the versions
// are part of the cache key, and asking costs a process spawn.
std::string tool_version(const std::string& exe, const std::string& flag) {
  static std::mutex mu;
  static std::map<std::string, std::string> memo;
  std::lock_guard<std::mutex> lock(mu);
  if (auto it = memo.find(exe); it != memo.end()) return it->second;
  const fs::path log = fs::temp_directory_path() / ("tpe-version-" + std::to_string(::getpid()) + ".txt");
  const auto r = run_process({exe, flag}, "", log.string());
  std::string v = r.ok() ? first_line(read_text_file(log.string())) : "";
  std::error_code ec;
  fs::remove(log, ec);
  if (v.empty()) throw SynthError(exe + " " + flag + " failed: is it a working installation? " + kSetupHint);
  memo[exe] = v;
  return v;
}

Tools check_tools(const SynthRequest& req) {
  Tools t;
  t.yosys_path = find_executable(req.yosys);
  if (t.yosys_path.empty()) throw SynthError("yosys not found (looked for '" + req.yosys + "' on PATH): " + kSetupHint);
  t.sta_path = find_executable(req.sta);
  if (t.sta_path.empty())
    throw SynthError("OpenSTA not found (looked for '" + req.sta + "' on PATH): " + kSetupHint);
  t.yosys_version = tool_version(t.yosys_path, "-V");
  t.sta_version = tool_version(t.sta_path, "-version");
  return t;
}

void check_request(const SynthRequest& req) {
  if (req.verilog_files.empty()) throw SynthError("synth: no Verilog files given");
  if (req.top.empty()) throw SynthError("synth: no top module given");
  if (!(req.clock_period_ns > 0)) throw SynthError("synth: clock_period_ns must be > 0, got " + std::to_string(req.clock_period_ns));
  if (!(req.input_activity >= 0 && req.input_activity <= 2))
    throw SynthError("synth: input_activity must be in [0, 2] toggles/cycle, got " + std::to_string(req.input_activity));
  if (!(req.input_duty >= 0 && req.input_duty <= 1))
    throw SynthError("synth: input_duty must be in [0, 1], got " + std::to_string(req.input_duty));
  auto plain = [](const std::string& s) { return s.find_first_of("\"{}\n") == std::string::npos; };
  auto ident = [](const std::string& s) { return !s.empty() && s.find_first_of(" \t\"{}[]$;\n") == std::string::npos; };
  if (!ident(req.top)) throw SynthError("synth: top module name '" + req.top + "' is not a plain identifier");
  if (!ident(req.clock_port)) throw SynthError("synth: clock port '" + req.clock_port + "' is not a plain identifier");
  for (const auto& [port, act] : req.net_activities) {
    if (port.find('/') != std::string::npos || !ident(port))
      throw SynthError("synth: activity override '" + port +
                       "': only top-level input port names are supported (Debian's OpenSTA 2.0.17 "
                       "`set_power_activity -pins` is broken)");
    if (!(act >= 0 && act <= 2)) throw SynthError("synth: activity of '" + port + "' must be in [0, 2]");
  }
  for (const auto& f : req.verilog_files) {
    if (!plain(f)) throw SynthError("synth: unsupported character in file name '" + f + "'");
    if (!fs::is_regular_file(f)) throw SynthError("synth: Verilog file not found: " + f);
  }
  if (!plain(req.liberty_path)) throw SynthError("synth: unsupported character in liberty path");
  if (!fs::is_regular_file(req.liberty_path))
    throw SynthError("liberty file not found: " + req.liberty_path + ": " + kSetupHint);
}

std::string compute_key(const SynthRequest& req, const Tools& tools, const std::string& liberty_text) {
  ContentHash h;
  h.add(kFlowVersion).add(tools.yosys_version).add(tools.sta_version).add(liberty_text);
  for (const auto& f : req.verilog_files) h.add(fs::path(f).filename().string()).add(read_text_file(f));
  h.add(req.top).add(req.clock_period_ns).add(req.input_activity).add(req.input_duty);
  for (const auto& [port, act] : req.net_activities) h.add(port).add(act);
  h.add(req.clock_port).add(double(req.constrain_io)).add(double(req.abc_delay_target));
  h.add(req.node_nm).add(double(req.standalone_modules));
  return h.hex();
}

std::string source_label(const Tools& tools, const LibertyInfo& lib) {
  // "Yosys 0.23 (git sha1 ...)" -> "Yosys 0.23"; sta prints just "2.0.17".
  std::istringstream ys(tools.yosys_version);
  std::string y0, y1;
  ys >> y0 >> y1;
  std::string libname = lib.name;
  if (libname.rfind("osu0", 0) == 0) libname = "OSU0" + libname.substr(4, 2);
  return y0 + " " + y1 + " + OpenSTA " + tools.sta_version + ", " + libname + " liberty";
}

// Runs Yosys in `dir`; throws SynthError with the log tail on failure.
double run_yosys(const SynthRequest& req, const Tools& tools, const std::string& dir) {
  std::vector<std::string> abs;
  for (const auto& f : req.verilog_files) abs.push_back(fs::absolute(f).string());
  write_text_file(dir + "/" + kYosysScript, yosys_script(req, abs));
  const auto r = run_process({tools.yosys_path, "-q", "-l", kYosysLog, "-s", kYosysScript}, dir, dir + "/yosys.out");
  if (!r.ok()) {
    std::string tail = tail_lines(dir + "/" + kYosysLog, kLogTailLines);
    if (tail.empty()) tail = tail_lines(dir + "/yosys.out", kLogTailLines);
    throw SynthError("Yosys failed (exit " + std::to_string(r.exit_code) + ") on top '" + req.top +
                     "'. Last lines of the Yosys log:\n" + tail);
  }
  return r.seconds;
}

// Runs OpenSTA with `design` linked; script and log are sta.tcl/sta.log for
// the whole design, sta_<module>.tcl/.log for a stand-alone module.
double run_sta(const SynthRequest& req, const Tools& tools, const std::string& dir, const std::string& design,
               std::string& log_text) {
  const bool whole = design == req.top;
  const std::string script = whole ? std::string(kStaScript) : "sta_" + design + ".tcl";
  const std::string log = whole ? std::string(kStaLog) : "sta_" + design + ".log";
  write_text_file(dir + "/" + script, sta_script(req, design));
  const auto r = run_process({tools.sta_path, "-no_splash", "-exit", script}, dir, dir + "/" + log);
  log_text = read_text_file(dir + "/" + log);
  const auto errors = sta_log_errors(log_text);
  // sta exits 0 even when a command fails: the errors and the end marker decide.
  if (!r.ok() || !errors.empty() || log_text.find("TPE_STA_DONE") == std::string::npos) {
    // How it ended: a signal (e.g. killed for memory) or an exit status
    // tells a crash from a script error whose log simply stops.
    const std::string how = r.signal ? ", killed by signal " + std::to_string(r.signal) + " after " +
                                           std::to_string(int(r.seconds)) + " s"
                            : r.exit_code != 0 ? ", exit " + std::to_string(r.exit_code)
                            : errors.empty()   ? ", its log stops before the end of the script"
                                               : "";
    throw SynthError("OpenSTA failed on '" + design + "'" + how + " (" + dir + "/" + log + ")" +
                     (errors.empty() ? ". Last lines of the sta log:\n" + tail_lines(dir + "/" + log, kLogTailLines)
                                     : ":\n" + errors.front()));
  }
  return r.seconds;
}

SynthReport build_report(const SynthRequest& req, const Tools& tools, const LibertyInfo& lib, const std::string& dir,
                         const std::string& sta_log) {
  SynthReport rep;
  rep.top = req.top;
  rep.source = source_label(tools, lib);
  rep.yosys_version = tools.yosys_version;
  rep.sta_version = tools.sta_version;
  auto& t = rep.technology;
  t.node_nm = req.node_nm > 0 ? req.node_nm : known_library_node_nm(lib.name);
  t.library_name = lib.name;
  t.liberty_path = fs::absolute(req.liberty_path).string();
  t.voltage_v = lib.nom_voltage_v;
  t.temperature_c = lib.nom_temperature_c;
  t.process = lib.nom_process;
  t.corner = lib.corner_label();
  t.nand2_cell = lib.nand2_cell();
  t.nand2_area_um2 = lib.nand2_area();
  if (t.node_nm <= 0) rep.warnings.push_back("technology node unknown for library " + lib.name + ": set node_nm");

  const YosysStat st = parse_yosys_stat(read_text_file(dir + "/" + kStatFile));
  rep.modules = hierarchy_figures(st, lib, req.top, rep.warnings);
  const auto& top = rep.modules.front();
  rep.total_area_um2 = top.total_area_um2;
  rep.yosys_total_area_um2 = st.has_top_area ? st.top_chip_area : top.own_area_um2;
  rep.nand2_equivalents = rep.total_area_um2 / t.nand2_area_um2;
  rep.total_cells = top.total_cells;
  rep.total_ffs = top.total_ffs;
  for (const auto& m : rep.modules) rep.total_latches += m.own_latches * m.instances;

  const StaPath path = parse_sta_path(sta_log);
  auto& tm = rep.timing;
  tm.clock_period_ns = req.clock_period_ns;
  tm.path_found = path.found;
  if (path.found) {
    tm.startpoint = path.startpoint;
    tm.endpoint = path.endpoint;
    tm.arrival_ns = path.arrival_ns;
    tm.setup_ns = path.setup_ns;
    tm.slack_ns = path.slack_ns;
    // With an ideal clock, slack = period - (arrival + setup): the shortest
    // period that would still meet timing is period - slack.
    tm.critical_path_ns = req.clock_period_ns - path.slack_ns;
    tm.fmax_mhz = tm.critical_path_ns > 0 ? 1000.0 / tm.critical_path_ns : 0.0;
    tm.worst_stage_ns = path.worst_stage_ns;
    tm.worst_stage_pin = path.worst_stage_pin;
    if (path.worst_stage_ns > kSlowStageNs)
      rep.warnings.push_back("critical path stage ending at " + path.worst_stage_pin + " takes " +
                             std::to_string(path.worst_stage_ns) +
                             " ns: an unbuffered high-fanout net (no buffer trees are inserted, and none "
                             "across the hierarchy); Fmax is pessimistic, pipeline or replicate the broadcast");
    if (path.slack_ns < 0)
      rep.warnings.push_back("timing not met at " + std::to_string(req.clock_period_ns) + " ns (slack " +
                             std::to_string(path.slack_ns) + " ns)");
  } else {
    rep.warnings.push_back("OpenSTA found no constrained path (no clock port '" + req.clock_port + "'?)");
  }

  const StaPower pw = parse_sta_power(sta_log);
  if (!pw.found) throw SynthError("OpenSTA printed no power report for '" + req.top + "' (see " + dir + "/sta.log)");
  auto& p = rep.power;
  p.clock_mhz = 1000.0 / req.clock_period_ns;
  p.input_activity = req.input_activity;
  p.input_duty = req.input_duty;
  p.net_activities = req.net_activities;
  p.internal_mw = pw.internal_mw;
  p.switching_mw = pw.switching_mw;
  p.dynamic_mw = pw.internal_mw + pw.switching_mw;
  p.leakage_mw = pw.leakage_mw;
  p.total_mw = pw.total_mw;
  p.sequential_mw = pw.sequential_mw;
  p.combinational_mw = pw.combinational_mw;
  p.energy_per_cycle_pj = pw.total_mw * req.clock_period_ns;  // mW x ns = pJ
  const StaPower own = parse_sta_top_cells_power(sta_log);
  rep.top_own_total_mw = own.total_mw;
  rep.top_own_dynamic_mw = own.internal_mw + own.switching_mw;
  rep.top_own_leakage_mw = own.leakage_mw;
  return rep;
}

// Stand-alone STA of every submodule and the hierarchical estimate built from
// it. Returns the OpenSTA time spent.
double add_standalone_figures(const SynthRequest& req, const Tools& tools, const std::string& dir, SynthReport& rep) {
  double seconds = 0.0;
  auto plain = [](const std::string& s) {
    return !s.empty() && s.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_") ==
                             std::string::npos;
  };
  for (size_t i = 1; i < rep.modules.size(); ++i) {
    auto& m = rep.modules[i];
    if (!plain(m.name)) {
      rep.warnings.push_back("module " + m.name + ": not a plain identifier, no stand-alone timing/power");
      continue;
    }
    std::string log;
    const auto t0 = std::chrono::steady_clock::now();
    run_sta(req, tools, dir, m.name, log);
    seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    const StaPath p = parse_sta_path(log);
    const StaPower w = parse_sta_power(log);
    m.standalone = p.found && w.found;
    if (p.found) {
      m.standalone_critical_path_ns = req.clock_period_ns - p.slack_ns;
      m.standalone_fmax_mhz = m.standalone_critical_path_ns > 0 ? 1000.0 / m.standalone_critical_path_ns : 0.0;
    }
    m.standalone_dynamic_mw = w.internal_mw + w.switching_mw;
    m.standalone_leakage_mw = w.leakage_mw;
    m.standalone_total_mw = w.total_mw;
  }
  const ModuleFigures& top = rep.modules.front();
  if (top.submodules.empty()) return seconds;
  rep.has_hierarchical = true;
  double fmax = 0.0;
  for (size_t i = 1; i < rep.modules.size(); ++i) {
    const auto& m = rep.modules[i];
    if (!m.standalone) rep.has_hierarchical = false;
    else if (fmax == 0.0 || m.standalone_fmax_mhz < fmax) fmax = m.standalone_fmax_mhz;
  }
  rep.hierarchical_total_mw = rep.top_own_total_mw;
  rep.hierarchical_dynamic_mw = rep.top_own_dynamic_mw;
  rep.hierarchical_leakage_mw = rep.top_own_leakage_mw;
  for (const auto& [child, count] : top.submodules) {
    const ModuleFigures* c = rep.module(child);
    rep.hierarchical_total_mw += double(count) * c->standalone_total_mw;
    rep.hierarchical_dynamic_mw += double(count) * c->standalone_dynamic_mw;
    rep.hierarchical_leakage_mw += double(count) * c->standalone_leakage_mw;
  }
  rep.hierarchical_fmax_mhz = fmax;
  return seconds;
}

}  // namespace

std::string default_liberty_path() {
  if (const char* env = std::getenv("TPE_LIBERTY"); env && *env) return env;
  // Where scripts/setup.sh unpacks it; the second is a full qflow install.
  const char* candidates[] = {"/opt/osu018/usr/share/qflow/tech/osu018/osu018_stdcells.lib",
                              "/usr/share/qflow/tech/osu018/osu018_stdcells.lib"};
  for (const char* c : candidates)
    if (fs::is_regular_file(c)) return c;
  return candidates[0];
}

std::string synth_cache_key(const SynthRequest& req) {
  check_request(req);
  const Tools tools = check_tools(req);
  return compute_key(req, tools, read_text_file(req.liberty_path));
}

SynthReport synthesize(const SynthRequest& req) {
  check_request(req);
  const Tools tools = check_tools(req);
  const std::string liberty_text = read_text_file(req.liberty_path);
  const std::string key = compute_key(req, tools, liberty_text);

  if (!req.cache_dir.empty()) {
    const fs::path cached = fs::absolute(fs::path(req.cache_dir) / key);
    if (fs::is_regular_file(cached / kReportFile)) {
      SynthReport rep = synth_report_from_json(nlohmann::json::parse(read_text_file((cached / kReportFile).string())));
      rep.from_cache = true;
      rep.run_dir = cached.string();
      return rep;
    }
  }

  LibertyInfo lib;
  try {
    lib = parse_liberty_info(liberty_text, req.liberty_path);
  } catch (const std::exception& e) {
    throw SynthError(std::string("cannot read liberty: ") + e.what());
  }

  const std::string staging = make_staging_dir(req.cache_dir, key);
  try {
    const double ty = run_yosys(req, tools, staging);
    std::string sta_log;
    double ts = run_sta(req, tools, staging, req.top, sta_log);
    SynthReport rep = build_report(req, tools, lib, staging, sta_log);
    if (req.standalone_modules) ts += add_standalone_figures(req, tools, staging, rep);
    rep.cache_key = key;
    rep.yosys_seconds = ty;
    rep.sta_seconds = ts;
    if (req.cache_dir.empty()) {
      std::error_code ec;
      fs::remove_all(staging, ec);
      rep.run_dir.clear();
      return rep;
    }
    rep.run_dir = fs::absolute(fs::path(req.cache_dir) / key).string();
    write_text_file(staging + "/" + kReportFile, to_json(rep).dump(2) + "\n");
    rep.run_dir = commit_staging_dir(staging, req.cache_dir, key);
    return rep;
  } catch (const SynthError& e) {
    // The message names files in the staging directory; point it at where
    // the run is kept.
    const std::string where = park_failed_dir(staging, req.cache_dir, key);
    std::string msg = e.what();
    if (!where.empty() && where != staging)
      for (size_t at = msg.find(staging); at != std::string::npos; at = msg.find(staging, at + where.size()))
        msg.replace(at, staging.size(), where);
    else if (where.empty())
      msg += " (the run directory was removed; give a cache directory to keep failed runs)";
    throw SynthError(msg);
  } catch (const std::exception& e) {
    const std::string where = park_failed_dir(staging, req.cache_dir, key);
    throw SynthError(std::string("synth: ") + e.what() + (where.empty() ? "" : " (run kept in " + where + ")"));
  }
}

}  // namespace tpe::hw
