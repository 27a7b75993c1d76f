// Measures the synthesis flow (hw/synth/synth_flow) on N x N output-stationary
// arrays of the hand-written 8-bit MAC fixture (tests/data/synth/
// mac_i8i8_acc32.v): area, flip-flops, Fmax, power and how long Yosys and
// OpenSTA take as the array grows. The PE is synthesized once (hierarchy kept);
// OpenSTA times the hierarchical netlist, so its time grows with the cell count.
//
//   build/bench/synth_array_scaling [N ...]      (default: 1 2 4 8 16)
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "hw/synth/synth_flow.hpp"
#include "hw/synth/tech_scaling.hpp"
#include "models/engine/family_registry.hpp"

namespace fs = std::filesystem;
using namespace tpe::hw;

namespace {

// An N x N array like tests/data/synth/mac_array_2x2.v: a forwarded right,
// b forwarded down, one top-level enable register.
std::string array_verilog(int n) {
  std::ostringstream v;
  const std::string name = "mac_array_" + std::to_string(n) + "x" + std::to_string(n);
  v << "module " << name << " (\n  input wire clk, input wire rst, input wire en,\n"
    << "  input wire [" << 8 * n - 1 << ":0] a_rows, input wire [" << 8 * n - 1 << ":0] b_cols,\n"
    << "  output wire [" << 32 * n * n - 1 << ":0] acc);\n";
  v << "  reg en_q;\n  always @(posedge clk) en_q <= rst ? 1'b0 : en;\n";
  // a[r][c] is the a operand entering PE (r,c); a[r][n] leaves the row.
  v << "  wire [7:0] a_w [0:" << n * (n + 1) - 1 << "];\n";
  v << "  wire [7:0] b_w [0:" << (n + 1) * n - 1 << "];\n";
  for (int r = 0; r < n; ++r) v << "  assign a_w[" << r * (n + 1) << "] = a_rows[" << 8 * r + 7 << ":" << 8 * r << "];\n";
  for (int c = 0; c < n; ++c) v << "  assign b_w[" << c << "] = b_cols[" << 8 * c + 7 << ":" << 8 * c << "];\n";
  for (int r = 0; r < n; ++r)
    for (int c = 0; c < n; ++c) {
      const int k = r * n + c;
      v << "  mac_i8i8_acc32 pe_" << r << "_" << c << " (.clk(clk), .rst(rst), .en(en_q), .a_in(a_w["
        << r * (n + 1) + c << "]), .b_in(b_w[" << r * n + c << "]), .a_out(a_w[" << r * (n + 1) + c + 1
        << "]), .b_out(b_w[" << (r + 1) * n + c << "]), .acc(acc[" << 32 * k + 31 << ":" << 32 * k << "]));\n";
    }
  v << "endmodule\n";
  return v.str();
}

// The PE fixture, found by walking up from the executable (build/bench/..)
// and the working directory; bench targets get no source-dir define.
std::string find_pe_fixture() {
  const fs::path rel = "tests/data/synth/mac_i8i8_acc32.v";
  std::error_code ec;
  for (fs::path start : {fs::read_symlink("/proc/self/exe", ec).parent_path(), fs::current_path()})
    for (fs::path p = start; !p.empty(); p = p.parent_path()) {
      if (fs::is_regular_file(p / rel)) return (p / rel).string();
      if (p == p.parent_path()) break;
    }
  return "";
}

}  // namespace

int main(int argc, char** argv) {
  tpe::register_builtin_families();
  std::vector<int> sizes;
  for (int i = 1; i < argc; ++i) sizes.push_back(std::atoi(argv[i]));
  if (sizes.empty()) sizes = {1, 2, 4, 8, 16};
  const std::string pe = find_pe_fixture();
  if (pe.empty()) {
    std::fprintf(stderr, "cannot find tests/data/synth/mac_i8i8_acc32.v above the executable or cwd\n");
    return 1;
  }
  const fs::path dir = fs::temp_directory_path() / ("tpe-synth-bench-" + std::to_string(::getpid()));
  fs::create_directories(dir);

  std::printf("# synth_array_scaling: N x N arrays of mac_i8i8_acc32, clock 10 ns, input activity 0.1\n");
  std::printf("# whole = OpenSTA on the whole hierarchical netlist (top-level broadcast nets unbuffered);\n"
              "# hier = stand-alone PE x instances + top-level cells (broadcast ideally buffered)\n");
  std::printf("%4s %6s %12s %9s %6s %9s %9s %9s %10s %10s %7s %7s\n", "N", "PEs", "area_um2", "um2/PE", "FFs",
              "crit_ns", "Fmax_MHz", "Fmax_hier", "power_mW", "power_hier", "yosys_s", "sta_s");
  for (int n : sizes) {
    SynthRequest req;
    req.clock_period_ns = 10.0;
    if (n == 1) {
      req.verilog_files = {pe};
      req.top = "mac_i8i8_acc32";
    } else {
      const fs::path f = dir / ("mac_array_" + std::to_string(n) + "x" + std::to_string(n) + ".v");
      std::ofstream(f) << array_verilog(n);
      req.verilog_files = {pe, f.string()};
      req.top = f.stem().string();
    }
    try {
      const SynthReport r = synthesize(req);  // no cache_dir: every run is real
      const double fh = r.has_hierarchical ? r.hierarchical_fmax_mhz : r.timing.fmax_mhz;
      const double ph = r.has_hierarchical ? r.hierarchical_total_mw : r.power.total_mw;
      std::printf("%4d %6d %12.0f %9.1f %6ld %9.3f %9.1f %9.1f %10.3f %10.3f %7.2f %7.2f\n", n, n * n,
                  r.total_area_um2, r.total_area_um2 / (n * n), r.total_ffs, r.timing.critical_path_ns,
                  r.timing.fmax_mhz, fh, r.power.total_mw, ph, r.yosys_seconds, r.sta_seconds);
      if (n == sizes.back()) {
        std::printf("# source: %s; %s\n", r.source.c_str(), r.technology.corner.c_str());
        // Scale the hierarchical (buffered-broadcast) figures: the unbuffered
        // net is an artefact of the flow, not of the design.
        SynthReport h = r;
        if (r.has_hierarchical) {
          h.timing.critical_path_ns = 1000.0 / r.hierarchical_fmax_mhz;
          h.power.dynamic_mw = r.hierarchical_dynamic_mw;
          h.power.leakage_mw = r.hierarchical_leakage_mw;
        }
        for (double nm : {45.0, 28.0}) {
          const ScaledEstimate e = scale_report(h, nm);
          std::printf("# scaled to %g nm @ %g V (%s%s): area %.0f um2, critical path %.3f ns (Fmax %.0f MHz), "
                      "dynamic %.2f pJ/cycle\n",
                      nm, e.factors.to_vdd, e.factors.model.c_str(), e.factors.derived ? ", derived" : "", e.area_um2,
                      e.critical_path_ns, e.fmax_mhz, e.dynamic_energy_per_cycle_pj);
        }
      }
    } catch (const SynthError& e) {
      std::fprintf(stderr, "N=%d failed: %s\n", n, e.what());
      fs::remove_all(dir);
      return 1;
    }
  }
  fs::remove_all(dir);
  return 0;
}
