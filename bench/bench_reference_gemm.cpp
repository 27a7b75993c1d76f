// Speed of the reference GEMM (the golden for big LLM layers): the blocked
// int16 kernel against the textbook triple loop, on the same operands, in
// the same run. Prints GMAC/s of both and their ratio.
#include <chrono>
#include <cstdio>

#include <fmt/format.h>

#include "models/formats/operands.hpp"
#include "models/gemm/int_gemm.hpp"
#include "models/engine/family_registry.hpp"

using namespace tpe;

namespace {
template <class F>
double best_seconds(F&& f, int reps) {
  double best = 1e30;
  for (int r = 0; r < reps; ++r) {
    const auto t0 = std::chrono::steady_clock::now();
    f();
    best = std::min(best, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
  }
  return best;
}
}  // namespace

int main() {
  tpe::register_builtin_families();
  fmt::print("reference GEMM speed (one core; best of 3)\n");
  fmt::print("{:<22} {:>12} {:>12} {:>8}\n", "shape MxKxN, format", "fast GMAC/s", "naive GMAC/s", "ratio");
  struct Case {
    GemmShape s;
    IntFormat f;
  };
  const Case cases[] = {{{256, 1024, 256}, {8, true}}, {{128, 4096, 128}, {8, true}}, {{256, 1024, 256}, {4, true}},
                        {{256, 1024, 256}, {16, true}}};
  for (const auto& c : cases) {
    auto a = random_operands(c.s.m, c.s.k, c.f, 1);
    auto b = random_operands(c.s.k, c.s.n, c.f, 2);
    ResultMatrix fast, naive;
    const double tf = best_seconds([&] { fast = int_gemm(a, b, c.f, c.f, 32); }, 3);
    const double tn = best_seconds([&] { naive = int_gemm_naive(a, b, c.f, c.f, 32); }, 1);
    if (fast != naive) {
      fmt::print(stderr, "fast and naive GEMM disagree on {}\n", c.s.str());
      return 1;
    }
    const double gf = c.s.macs() / tf / 1e9, gn = c.s.macs() / tn / 1e9;
    fmt::print("{:<22} {:>12.2f} {:>12.2f} {:>7.1f}x\n", c.s.str() + " " + c.f.tag() + "x" + c.f.tag(), gf, gn, gf / gn);
  }
  return 0;
}
