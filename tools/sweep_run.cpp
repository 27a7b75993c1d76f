#include "tools/sweep_run.hpp"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include <filesystem>
#include <fstream>

#include <fmt/format.h>

#include "models/util/atomic_file.hpp"
#include "tools/sweep_point.hpp"

namespace tpe::cli {
namespace fs = std::filesystem;

std::string point_dir(const std::string& out, const SweepPoint& p) { return out + "/points/" + p.id; }

bool point_done(const std::string& out, const SweepPoint& p) {
  return fs::exists(point_dir(out, p) + "/result.json");
}

namespace {
// Evaluates the point in a child process: a point that crashes or runs past
// the spec's bound becomes a result ("error" / "timeout") instead of taking
// the worker down with it, and the bound holds whatever the point does.
nlohmann::json evaluate_bounded(const SweepSpec& spec, const SweepPoint& p, const std::string& stage) {
  const std::string file = stage + "/child-result.json";
  const pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    try {
      write_text_file(file, evaluate_point(spec, p).dump() + "\n");
      _exit(0);
    } catch (...) {
      _exit(3);
    }
  }
  using Clock = std::chrono::steady_clock;
  const auto t0 = Clock::now();
  int status = 0;
  for (int sleep_ms = 1;; sleep_ms = std::min(sleep_ms * 2, 100)) {
    if (waitpid(pid, &status, WNOHANG) == pid) break;
    if (spec.max_seconds_per_point > 0 &&
        std::chrono::duration<double>(Clock::now() - t0).count() > spec.max_seconds_per_point) {
      kill(pid, SIGKILL);
      waitpid(pid, &status, 0);
      return {{"id", p.id}, {"index", p.index}, {"varied", p.varied}, {"description", p.description},
              {"workload", p.workload}, {"status", "timeout"},
              {"message", fmt::format("the point ran past max_seconds_per_point = {} s and was stopped",
                                      spec.max_seconds_per_point)}};
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(sleep_ms));
  }
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0 && fs::exists(file)) {
    nlohmann::json r = nlohmann::json::parse(read_text_file(file));
    fs::remove(file);
    return r;
  }
  return {{"id", p.id}, {"index", p.index}, {"varied", p.varied}, {"description", p.description},
          {"workload", p.workload}, {"status", "error"},
          {"message", WIFSIGNALED(status) ? fmt::format("the point's process died of signal {}", WTERMSIG(status))
                                          : fmt::format("the point's process exited with {}", WEXITSTATUS(status))}};
}
}  // namespace

void run_point_to_dir(const SweepSpec& spec, const SweepPoint& p, const std::string& out) {
  if (point_done(out, p)) return;
  const std::string stage = fmt::format("{}/points/.{}.tmp-{}", out, p.id, getpid());
  fs::remove_all(stage);
  fs::create_directories(stage);
  const nlohmann::json r = evaluate_bounded(spec, p, stage);
  write_text_file(stage + "/description.json", p.description.dump(2) + "\n");
  write_text_file(stage + "/result.json", r.dump(2) + "\n");
  std::error_code ec;
  fs::rename(stage, point_dir(out, p), ec);
  // Another worker (e.g. an orphan of a killed run) finished it first: keep its copy.
  if (ec) {
    fs::remove_all(stage);
    if (!point_done(out, p))
      throw std::runtime_error(fmt::format("cannot move {} into place: {}", point_dir(out, p), ec.message()));
  }
}

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string q = "\"";
  for (char c : s) q += c == '"' ? std::string("\"\"") : std::string(1, c);
  return q + "\"";
}

namespace {

std::string cell(const nlohmann::json& v) {
  if (v.is_null()) return "";
  if (v.is_string()) return csv_field(v.get<std::string>());
  if (v.is_number_float()) return fmt::format("{:.10g}", v.get<double>());
  return csv_field(v.dump());
}

bool dominates(const nlohmann::json& a, const nlohmann::json& b, const std::vector<ParetoGoal>& goals) {
  bool better = false;
  for (const ParetoGoal& g : goals) {
    const double x = a["metrics"][g.metric].get<double>(), y = b["metrics"][g.metric].get<double>();
    const double dx = g.minimize ? y - x : x - y;  // > 0: a is better
    if (dx < 0) return false;
    if (dx > 0) better = true;
  }
  return better;
}

}  // namespace

MergeSummary merge_results(const SweepSpec& spec, const std::vector<SweepPoint>& points, const std::string& out) {
  MergeSummary s;
  s.total = int(points.size());
  nlohmann::json all = nlohmann::json::array();
  std::string csv = "id";
  for (const SweepAxis& a : spec.axes) csv += "," + csv_field(a.field);
  csv += ",status,tag";
  for (const std::string& m : spec.metrics) csv += "," + m;
  csv += ",message\n";
  std::vector<nlohmann::json> ok;
  for (const SweepPoint& p : points) {
    if (!point_done(out, p)) {
      ++s.missing;
      continue;
    }
    nlohmann::json r = nlohmann::json::parse(read_text_file(point_dir(out, p) + "/result.json"));
    const std::string st = r["status"];
    if (st == "ok") ++s.ok;
    else if (st == "invalid") ++s.invalid;
    else if (st == "timeout") ++s.timeout;
    else ++s.error;
    std::string line = p.id;
    for (const SweepAxis& a : spec.axes) line += "," + cell(p.varied[a.field]);
    line += "," + st + "," + cell(r.value("tag", nlohmann::json()));
    for (const std::string& m : spec.metrics)
      line += "," + (r.contains("metrics") ? cell(r["metrics"].value(m, nlohmann::json())) : std::string());
    line += "," + cell(r.value("message", nlohmann::json()));
    csv += line + "\n";
    bool numeric = st == "ok";
    for (const ParetoGoal& g : spec.pareto) numeric = numeric && r["metrics"][g.metric].is_number();
    if (numeric) ok.push_back(r);
    all.push_back(std::move(r));
  }
  // Staging directories of workers killed mid-point (their points are missing
  // above and run again on --resume); every worker has ended by now.
  for (const auto& e : fs::directory_iterator(out + "/points"))
    if (e.path().filename().string().rfind(".", 0) == 0) fs::remove_all(e.path());
  write_file_atomically(out + "/results.csv", csv);
  write_file_atomically(out + "/results.json", all.dump(2) + "\n");
  if (!spec.pareto.empty()) {
    std::string pc = "id";
    for (const SweepAxis& a : spec.axes) pc += "," + csv_field(a.field);
    pc += ",tag";
    for (const ParetoGoal& g : spec.pareto) pc += "," + g.metric;
    pc += "\n";
    for (const nlohmann::json& a : ok) {
      bool dominated = false;
      for (const nlohmann::json& b : ok) dominated = dominated || dominates(b, a, spec.pareto);
      if (dominated) continue;
      ++s.pareto;
      std::string line = a["id"].get<std::string>();
      for (const SweepAxis& ax : spec.axes) line += "," + cell(a["varied"][ax.field]);
      line += "," + cell(a["tag"]);
      for (const ParetoGoal& g : spec.pareto) line += "," + cell(a["metrics"][g.metric]);
      pc += line + "\n";
    }
    write_file_atomically(out + "/pareto.csv", pc);
  }
  return s;
}

}  // namespace tpe::cli
