#include "hw/gatelevel/gate_level_power.hpp"

#include <filesystem>
#include <fstream>
#include <stdexcept>

#include <fmt/format.h>

#include "hw/synth/process_run.hpp"
#include "hw/synth/synth_cache.hpp"

namespace fs = std::filesystem;

namespace tpe::hw {
namespace {

// OpenSTA names: "<instance path>/<cell>/<pin>"; Tcl braces keep [] literal.
struct ActivityWriter {
  std::ofstream out;
  const GatePowerRequest& req;
  GatePower& result;
  double per_cycle;

  void cell_pins(const Netlist& nl, const NetlistModule& m, const std::string& path) {
    const std::string prefix = path.empty() ? "" : path + "/";
    for (const NetlistCell& c : m.cells)
      for (const auto& [pin, net] : c.pins) {
        if (net == req.clock_net) continue;
        double activity = 0.0;
        if (!is_constant_net(net)) {
          auto it = req.toggles->find(prefix + net);
          if (it == req.toggles->end())
            ++result.pins_unmatched;
          else
            activity = double(it->second) * per_cycle;
        }
        out << fmt::format("a {{{}{}/{}}} {:.6g}\n", prefix, c.name, pin, activity);
        ++result.pins_set;
      }
    for (const auto& [type, inst] : m.submodules) cell_pins(nl, nl.module(type), prefix + inst);
  }
};

}  // namespace

GatePower gate_level_power(const Netlist& nl, const GatePowerRequest& req) {
  if (!req.toggles || req.cycles == 0) throw std::runtime_error("gate-level power: no toggle counts");
  fs::create_directories(req.work_dir);
  GatePower result;
  const std::string activities = (fs::path(req.work_dir) / "pin_activity.tcl").string();
  {
    ActivityWriter w{std::ofstream(activities), req, result, 1.0 / double(req.cycles)};
    w.cell_pins(nl, nl.module(req.top), "");
    // Input ports drive their nets: their own activity prices that switching.
    for (const auto& [net, toggles] : *req.toggles)
      if (net.find('/') == std::string::npos && net != req.clock_net)
        w.out << fmt::format("p {{{}}} {:.6g}\n", net, double(toggles) * w.per_cycle);
    if (!w.out) throw std::runtime_error("gate-level power: cannot write " + activities);
  }
  if (result.pins_unmatched * 200 > result.pins_set)
    throw std::runtime_error(fmt::format("gate-level power: {} of {} cell pins of {} have no simulated net",
                                         result.pins_unmatched, result.pins_set, req.netlist_path));
  const std::string script = fmt::format(
      R"(# tpe gate-level power (hw/gatelevel/gate_level_power): per-pin activity from simulation.
read_liberty {{{lib}}}
read_verilog {{{netlist}}}
link_design {top}
create_clock -name clk -period {period} [get_ports {{{clk}}}]
set_power_activity -input -activity 0 -duty 0.5
proc a {{pin activity}} {{ sta::set_power_pin_activity [get_pins $pin] $activity 0.5 }}
proc p {{port activity}} {{
  set ports [get_ports -quiet $port]
  if {{[llength $ports] && [get_property [lindex $ports 0] direction] == "input"}} {{
    sta::set_power_input_port_activity [lindex $ports 0] $activity 0.5
  }}
}}
source {{{activities}}}
report_power -digits 6
puts "TPE_TOP_CELLS_BEGIN"
report_power -instances [get_cells *] -digits 6
puts "TPE_TOP_CELLS_END"
puts "TPE_STA_DONE"
)",
      fmt::arg("lib", req.liberty_path), fmt::arg("netlist", req.netlist_path), fmt::arg("top", req.top),
      fmt::arg("period", req.clock_ns), fmt::arg("clk", req.clock_net), fmt::arg("activities", activities));
  const std::string tcl = (fs::path(req.work_dir) / "gate_power.tcl").string();
  write_text_file(tcl, script);
  result.log_path = (fs::path(req.work_dir) / "gate_power.log").string();
  const std::string sta = find_executable("sta");
  if (sta.empty()) throw std::runtime_error("OpenSTA (sta) not found on PATH: run `make setup`");
  const ProcessResult r = run_process({sta, "-no_splash", "-exit", tcl}, req.work_dir, result.log_path);
  const std::string log = read_text_file(result.log_path);
  result.total = parse_sta_power(log);
  result.top_own = parse_sta_top_cells_power(log);
  if (!r.ok() || !sta_log_errors(log).empty() || log.find("TPE_STA_DONE") == std::string::npos || !result.total.found)
    throw std::runtime_error("OpenSTA gate-level power failed; last lines of " + result.log_path + ":\n" +
                             tail_lines(result.log_path, 20));
  return result;
}

}  // namespace tpe::hw
