// Time of `tpe gen` on the largest arrays the README allows (issue 15: a
// 256x256 systolic array in under a minute): generate_rtl step by step (IR
// build, checks, de-duplication, checks again, emission) and the write of the
// files, for OS 256x256 int8, OS 128x128 int16 and WS 256x256 int8.
// Usage: bench_gen_large [ROWSxCOLS ...]   (default: the three above)
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "models/engine/family_registry.hpp"
#include "models/families/systolic/systolic_spec.hpp"
#include "rtlgen/core/generate.hpp"

using namespace tpe;
using Clock = std::chrono::steady_clock;

namespace {

double since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

void bench(const EngineConfig& cfg) {
  std::vector<std::pair<std::string, double>> steps;
  auto t = Clock::now();
  std::string current = "start";
  const auto t0 = t;
  const rtl::GeneratedRtl g = rtl::generate_rtl(cfg, [&](int, const char* next) {
    steps.emplace_back(current, since(t));
    current = next;
    t = Clock::now();
  });
  steps.emplace_back(current, since(t));
  const double gen_s = since(t0);
  const std::string dir = (std::filesystem::temp_directory_path() / ("tpe-bench-gen-" + cfg.tag())).string();
  auto tw = Clock::now();
  rtl::write_rtl(g, dir);
  const double write_s = since(tw);
  size_t bytes = 0;
  for (const auto& [_, text] : g.files) bytes += text.size();
  std::filesystem::remove_all(dir);
  fmt::print("{:<34} {:>8.2f} s total ({:.2f} s generate + {:.2f} s write), {} files, {:.1f} MB of Verilog\n",
             cfg.tag(), gen_s + write_s, gen_s, write_s, g.files.size(), bytes / 1e6);
  for (size_t i = 1; i < steps.size(); ++i) fmt::print("    {:<26} {:>8.2f} s\n", steps[i].first, steps[i].second);
}

}  // namespace

int main(int argc, char** argv) {
  register_builtin_families();
  using systolic::Dataflow;
  std::vector<EngineConfig> cfgs;
  if (argc > 1) {
    for (int i = 1; i < argc; ++i) {
      int r = 0, c = 0;
      if (std::sscanf(argv[i], "%dx%d", &r, &c) != 2) {
        fmt::print(stderr, "usage: bench_gen_large [ROWSxCOLS ...]\n");
        return 2;
      }
      cfgs.push_back(systolic::make_config(Dataflow::OutputStationary, r, c, {8, true}, {8, true}, 32));
    }
  } else {
    cfgs.push_back(systolic::make_config(Dataflow::OutputStationary, 256, 256, {8, true}, {8, true}, 32));
    cfgs.push_back(systolic::make_config(Dataflow::OutputStationary, 128, 128, {16, true}, {16, true}, 48));
    cfgs.push_back(systolic::make_config(Dataflow::WeightStationary, 256, 256, {8, true}, {8, true}, 32));
  }
  for (const auto& c : cfgs) bench(c);
  return 0;
}
