#include "hw/synth/synth_scripts.hpp"

#include "hw/synth/sta_report_parse.hpp"

#include <cmath>
#include <sstream>

namespace tpe::hw {

namespace {
// Yosys accepts double-quoted file arguments; Tcl needs braces so brackets in
// names are not run as commands. Both are checked free of quotes/braces by the
// flow before this is called.
std::string yq(const std::string& s) { return "\"" + s + "\""; }
std::string tq(const std::string& s) { return "{" + s + "}"; }
}  // namespace

std::string yosys_script(const SynthRequest& req, const std::vector<std::string>& abs_files) {
  std::ostringstream y;
  const std::string lib = yq(req.liberty_path);
  y << "# tpe synthesis flow (hw/synth/synth_flow): hierarchical, never flattened, so a\n"
       "# PE module is mapped once and multiplied by its instance count in stat.\n";
  for (const auto& f : abs_files) y << "read_verilog " << yq(f) << "\n";
  y << "hierarchy -check -top " << req.top << "\n";
  y << "synth -top " << req.top << "\n";
  // Flops first: dfflibmap legalizes sync reset/enable onto plain library flops.
  y << "dfflibmap -liberty " << lib << "\n";
  y << "abc -liberty " << lib;
  if (req.abc_delay_target) y << " -D " << std::llround(req.clock_period_ns * 1000.0);
  y << "\n";
  y << "opt_clean -purge\n";
  // stat -json in 0.23 has no area: the text report is parsed instead.
  y << "tee -o " << kStatFile << " stat -liberty " << lib << "\n";
  // -simple-lhs: one assign per wire chunk. Yosys merges equivalent flops
  // (e.g. the copies of a sign bit) and would otherwise write
  // `assign {a[3:1], b[0]} = ...`, which OpenSTA's Verilog reader rejects.
  y << "write_verilog -noattr -noexpr -simple-lhs " << kNetlist << "\n";
  return y.str();
}

std::string sta_script(const SynthRequest& req, const std::string& design) {
  std::ostringstream t;
  t.precision(10);
  t << "# tpe timing/power (hw/synth/synth_flow): OpenSTA, vectorless activity.\n";
  t << "read_liberty " << tq(req.liberty_path) << "\n";
  t << "read_verilog " << kNetlist << "\n";
  t << "link_design " << design << "\n";
  t << "if {[llength [get_ports -quiet " << tq(req.clock_port) << "]]} {\n"
    << "  create_clock -name clk -period " << req.clock_period_ns << " [get_ports " << tq(req.clock_port) << "]\n"
    << "  set tpe_data_inputs [delete_from_list [all_inputs] [get_ports " << tq(req.clock_port) << "]]\n"
    << "} else {\n"
    << "  create_clock -name clk -period " << req.clock_period_ns << "\n"
    << "  set tpe_data_inputs [all_inputs]\n"
    << "}\n";
  if (req.constrain_io) {
    t << "set_input_delay 0 -clock clk $tpe_data_inputs\n";
    t << "set_output_delay 0 -clock clk [all_outputs]\n";
  }
  // The clock's own activity comes from create_clock (2 transitions/period).
  t << "set_power_activity -input -activity " << req.input_activity << " -duty " << req.input_duty << "\n";
  if (design == req.top)
    for (const auto& [port, act] : req.net_activities)
      t << "set_power_activity -input_ports [get_ports " << tq(port) << "] -activity " << act << " -duty "
        << req.input_duty << "\n";
  t << "report_checks -path_delay max -digits 4\n";
  t << "report_power -digits 6\n";
  if (design == req.top) {
    t << "puts \"" << kTopCellsBegin << "\"\n";
    t << "report_power -instances [get_cells *] -digits 6\n";
    t << "puts \"" << kTopCellsEnd << "\"\n";
  }
  t << "puts \"TPE_STA_DONE\"\n";
  return t.str();
}

}  // namespace tpe::hw
