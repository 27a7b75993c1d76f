// `tpe sweep`: a design-space sweep, run by local worker processes, GNU
// parallel or a Slurm job array; every point writes its own directory
// (tools/sweep_run.hpp), so any backend can be killed and resumed.
// `tpe sweep-point` and `tpe sweep-shard` are what the workers run.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <iostream>
#include <map>
#include <thread>

#include <fmt/format.h>

#include "models/util/atomic_file.hpp"
#include "tools/cli_common.hpp"
#include "tools/command_registry.hpp"
#include "tools/plot_figures.hpp"
#include "tools/sweep_run.hpp"

namespace tpe::cli {
namespace {
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

std::string self_exe() { return fs::read_symlink("/proc/self/exe").string(); }

std::string shell_quote(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

int done_count(const std::vector<SweepPoint>& pts, const std::string& out) {
  int n = 0;
  for (const SweepPoint& p : pts) n += point_done(out, p);
  return n;
}

// "[ 7/12] 58 %  elapsed 4.1 s  ETA 3.0 s" from the points finished in this run.
void progress(int done, int total, int done_at_start, Clock::time_point t0, const std::string& what) {
  const double el = std::chrono::duration<double>(Clock::now() - t0).count();
  const int fresh = done - done_at_start, left = total - done;
  const std::string eta = fresh > 0 ? fmt::format("{:.1f} s", el / fresh * left) : std::string("?");
  std::cerr << fmt::format("[{:>{}}/{}] {:>3.0f} %  elapsed {:.1f} s  ETA {}{}\n", done,
                           std::to_string(total).size(), total, 100.0 * done / std::max(total, 1), el, eta, what);
}

pid_t spawn(const std::vector<std::string>& argv) {
  const pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    std::vector<char*> a;
    for (const std::string& s : argv) a.push_back(const_cast<char*>(s.c_str()));
    a.push_back(nullptr);
    execvp(a[0], a.data());
    fmt::print(stderr, "cannot run {}\n", argv[0]);
    _exit(127);
  }
  return pid;
}

void run_local(const std::string& spec_path, const std::string& out, const std::vector<SweepPoint>& pts, int jobs) {
  const std::string exe = self_exe();
  const int start = done_count(pts, out);
  const auto t0 = Clock::now();
  std::map<pid_t, const SweepPoint*> running;
  size_t next = 0;
  int done = start;
  auto launch = [&] {
    while (next < pts.size() && int(running.size()) < jobs) {
      const SweepPoint& p = pts[next++];
      if (point_done(out, p)) continue;
      running[spawn({exe, "sweep-point", "--spec", spec_path, "--out", out, "--index", std::to_string(p.index)})] = &p;
    }
  };
  launch();
  while (!running.empty()) {
    int status = 0;
    const pid_t pid = waitpid(-1, &status, 0);
    if (pid < 0) break;
    auto it = running.find(pid);
    if (it == running.end()) continue;
    const SweepPoint& p = *it->second;
    running.erase(it);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
      std::cerr << fmt::format("{}: worker exited with status {}; rerun with --resume to retry it\n", p.id, status);
    done = done_count(pts, out);
    progress(done, int(pts.size()), start, t0, "  " + p.id);
    launch();
  }
}

// Runs an external backend, printing progress from the point directories.
int run_polling(const std::vector<std::string>& argv, const std::string& out, const std::vector<SweepPoint>& pts) {
  const int start = done_count(pts, out);
  const auto t0 = Clock::now();
  const pid_t pid = spawn(argv);
  int last = -1, status = 0;
  while (true) {
    const pid_t r = waitpid(pid, &status, WNOHANG);
    const int d = done_count(pts, out);
    if (d != last) progress(d, int(pts.size()), start, t0, "");
    last = d;
    if (r == pid) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

bool on_path(const std::string& tool) {
  return std::system(("command -v " + tool + " >/dev/null 2>&1").c_str()) == 0;
}

void run_parallel(const std::string& spec_path, const std::string& out, const std::vector<SweepPoint>& pts, int jobs,
                  bool resume) {
  if (!on_path("parallel"))
    throw std::runtime_error("--backend parallel: GNU parallel is not on PATH: install it with `make setup` "
                             "(Debian package parallel)");
  // The point list, the command and the joblog stay the same between runs,
  // so parallel --resume skips the finished sequence numbers.
  std::string list;
  for (const SweepPoint& p : pts) list += std::to_string(p.index) + "\n";
  write_file_atomically(out + "/parallel_points.txt", list);
  std::vector<std::string> argv{"parallel", "--will-cite", "--jobs", std::to_string(jobs), "--joblog",
                                out + "/parallel_joblog.txt"};
  if (resume) argv.push_back("--resume");
  for (const std::string& s : {self_exe(), std::string("sweep-point"), std::string("--spec"), spec_path,
                               std::string("--out"), out, std::string("--index"), std::string("{}"),
                               std::string("::::"), out + "/parallel_points.txt"})
    argv.push_back(s);
  const int rc = run_polling(argv, out, pts);
  if (rc != 0) std::cerr << fmt::format("parallel exited with {} (its joblog: {}/parallel_joblog.txt)\n", rc, out);
}

void run_slurm(const std::string& spec_path, const std::string& out, const std::vector<SweepPoint>& pts, int jobs) {
  if (!on_path("sbatch"))
    throw std::runtime_error("--backend slurm: sbatch is not on PATH: install slurm-wlm (make setup) and start a "
                             "cluster (scripts/slurm_local.sh start for one node on localhost)");
  const int shards = std::max(1, std::min(jobs, int(pts.size())));
  fs::create_directories(out + "/slurm");
  const std::string script = out + "/slurm/job.sh";
  write_file_atomically(script, fmt::format("#!/bin/sh\n"
                                            "#SBATCH --job-name=tpe-sweep\n"
                                            "#SBATCH --output={0}/slurm/task-%a.out\n"
                                            "#SBATCH --ntasks=1\n"
                                            "exec {1} sweep-shard --spec {2} --out {3} --shard \"$SLURM_ARRAY_TASK_ID\" "
                                            "--shards {4}\n",
                                            out, shell_quote(self_exe()), shell_quote(spec_path), shell_quote(out),
                                            shards));
  fs::permissions(script, fs::perms::owner_all, fs::perm_options::add);
  const int rc = run_polling({"sbatch", "--wait", "--parsable", fmt::format("--array=0-{}", shards - 1), script}, out, pts);
  if (rc != 0) std::cerr << fmt::format("sbatch --wait exited with {} (task logs in {}/slurm/)\n", rc, out);
}

// Loads the spec and checks DIR belongs to it.
std::vector<SweepPoint> prepare(const SweepSpec& spec, const std::string& out, bool resume, bool create) {
  const std::vector<SweepPoint> pts = expand_points(spec);
  const std::string sp = out + "/spec.json";
  if (fs::exists(sp)) {
    if (read_text_file(sp) != spec.text)
      throw std::invalid_argument(fmt::format("{} holds a sweep of another spec ({} differs from {}); choose another "
                                              "--out",
                                              out, sp, spec.source));
    if (create && !resume)
      throw std::invalid_argument(
          fmt::format("{} already holds this sweep: rerun with --resume to finish it, or choose another --out", out));
  } else if (create) {
    fs::create_directories(out + "/points");
    write_file_atomically(sp, spec.text);
  } else {
    throw std::invalid_argument(fmt::format("{}: no sweep here (no spec.json); run tpe sweep first", out));
  }
  return pts;
}

int sweep(const std::vector<std::string>& args) {
  po::options_description opts("options");
  std::string spec_path, out, backend;
  int jobs = 0;
  opts.add_options()("spec", po::value(&spec_path)->required(), "sweep spec (JSON, docs/sweeps.md)")(
      "out", po::value(&out)->required(), "output directory")(
      "jobs", po::value(&jobs)->default_value(0), "worker processes / parallel jobs / Slurm array tasks (0: all cores)")(
      "backend", po::value(&backend)->default_value("local"), "local, parallel or slurm")(
      "resume", "finish a sweep in --out that was interrupted")("no-plot", "do not draw DIR/pareto.png and .svg")("dry-run", "list the points and stop");
  po::variables_map vm;
  if (!parse_options("sweep", "--spec FILE --out DIR [--jobs N] [--backend local|parallel|slurm] [--resume]", opts, args,
                     vm))
    return 0;
  if (backend != "local" && backend != "parallel" && backend != "slurm")
    throw std::invalid_argument(fmt::format("--backend '{}' is unknown; allowed: local, parallel, slurm", backend));
  if (jobs < 0) throw std::invalid_argument(fmt::format("--jobs {} is out of range; allowed >= 0", jobs));
  if (jobs == 0) jobs = int(std::max(1u, std::thread::hardware_concurrency()));
  spec_path = fs::absolute(spec_path).lexically_normal().string();
  out = fs::absolute(out).lexically_normal().string();
  const SweepSpec spec = load_sweep_spec(spec_path);
  if (vm.count("dry-run")) {
    for (const SweepPoint& p : expand_points(spec)) std::cout << p.id << " " << p.varied.dump() << "\n";
    return 0;
  }
  const bool resume = vm.count("resume") > 0;
  const std::vector<SweepPoint> pts = prepare(spec, out, resume, true);
  std::cerr << fmt::format("sweep {}: {} points ({} done), backend {}, {} jobs, into {}\n", spec.source, pts.size(),
                           done_count(pts, out), backend, jobs, out);
  if (backend == "local") run_local(spec_path, out, pts, jobs);
  else if (backend == "parallel") run_parallel(spec_path, out, pts, jobs, resume);
  else run_slurm(spec_path, out, pts, jobs);
  const MergeSummary s = merge_results(spec, pts, out);
  std::cout << fmt::format("{} points: {} ok, {} invalid, {} failed, {} timed out, {} missing; {} on the Pareto front\n",
                           s.total, s.ok, s.invalid, s.error, s.timeout, s.missing, s.pareto);
  std::cout << fmt::format("wrote {0}/results.csv, {0}/results.json{1}\n", out,
                           spec.pareto.empty() ? "" : fmt::format(", {}/pareto.csv", out));
  if (s.missing) std::cout << "some points are missing: rerun with --resume\n";
  if (spec.pareto.size() >= 2 && s.ok > 0 && !vm.count("no-plot")) {
    try {  // the figure is a convenience: the results stand without it
      for (const std::string& f : plot_pareto(out, "", "", out + "/pareto")) std::cout << "wrote " << f << "\n";
    } catch (const std::exception& e) {
      std::cerr << "pareto plot skipped: " << e.what() << "\n";
    }
  }
  return s.missing || s.error ? 1 : 0;
}

int sweep_point(const std::vector<std::string>& args) {
  po::options_description opts("options");
  std::string spec_path, out;
  int index = -1;
  opts.add_options()("spec", po::value(&spec_path)->required(), "sweep spec")(
      "out", po::value(&out)->required(), "sweep directory")("index", po::value(&index)->required(), "point index");
  po::variables_map vm;
  if (!parse_options("sweep-point", "--spec FILE --out DIR --index I", opts, args, vm)) return 0;
  const SweepSpec spec = load_sweep_spec(spec_path);
  const std::vector<SweepPoint> pts = prepare(spec, out, true, false);
  if (index < 0 || index >= int(pts.size()))
    throw std::invalid_argument(fmt::format("--index {} is out of range; allowed 0..{}", index, int(pts.size()) - 1));
  run_point_to_dir(spec, pts[size_t(index)], out);
  return 0;
}

int sweep_shard(const std::vector<std::string>& args) {
  po::options_description opts("options");
  std::string spec_path, out;
  int shard = -1, shards = 0;
  opts.add_options()("spec", po::value(&spec_path)->required(), "sweep spec")(
      "out", po::value(&out)->required(), "sweep directory")("shard", po::value(&shard)->required(), "this shard")(
      "shards", po::value(&shards)->required(), "number of shards");
  po::variables_map vm;
  if (!parse_options("sweep-shard", "--spec FILE --out DIR --shard S --shards N", opts, args, vm)) return 0;
  if (shards < 1 || shard < 0 || shard >= shards)
    throw std::invalid_argument(fmt::format("--shard {} --shards {}: allowed 0 <= shard < shards", shard, shards));
  const SweepSpec spec = load_sweep_spec(spec_path);
  const std::vector<SweepPoint> pts = prepare(spec, out, true, false);
  for (const SweepPoint& p : pts)
    if (p.index % shards == shard) run_point_to_dir(spec, p, out);
  return 0;
}

}  // namespace

TPE_COMMAND("sweep", "design-space sweep over engine fields (local, GNU parallel or Slurm)", sweep);
TPE_COMMAND("sweep-point", "one point of a sweep (what the sweep's workers run)", sweep_point);
TPE_COMMAND("sweep-shard", "every N-th point of a sweep (what a Slurm array task runs)", sweep_shard);

}  // namespace tpe::cli
