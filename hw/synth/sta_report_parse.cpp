#include "hw/synth/sta_report_parse.hpp"

#include <regex>
#include <sstream>

namespace tpe::hw {

StaPath parse_sta_path(const std::string& text) {
  static const std::regex start(R"(^\s*Startpoint:\s*(\S+))");
  static const std::regex end(R"(^\s*Endpoint:\s*(\S+))");
  static const std::regex arrival(R"(^\s*(-?[0-9.]+)\s+data arrival time\s*$)");
  static const std::regex required(R"(^\s*(-?[0-9.]+)\s+data required time\s*$)");
  static const std::regex slack(R"(^\s*(-?[0-9.]+)\s+slack\s*\()");
  static const std::regex stage(R"(^\s*(-?[0-9.]+)\s+(-?[0-9.]+)\s+[\^v]\s+(\S+))");
  static const std::regex setup(R"(^\s*(-?[0-9.]+)\s+(-?[0-9.]+)\s+library setup time\s*$)");
  StaPath p;
  std::istringstream in(text);
  std::string line;
  std::smatch m;
  bool have_arrival = false, have_required = false;
  while (std::getline(in, line)) {
    // Only the first path is read: report_checks prints the worst one first.
    if (std::regex_search(line, m, start) && p.startpoint.empty()) p.startpoint = m[1];
    else if (std::regex_search(line, m, end) && p.endpoint.empty()) p.endpoint = m[1];
    else if (std::regex_match(line, m, setup)) p.setup_ns = -std::stod(m[1]);
    else if (!have_arrival && std::regex_search(line, m, stage)) {
      const double d = std::stod(m[1]);
      if (d > p.worst_stage_ns) {
        p.worst_stage_ns = d;
        p.worst_stage_pin = m[3];
      }
    }
    else if (!have_arrival && std::regex_match(line, m, arrival)) { p.arrival_ns = std::stod(m[1]); have_arrival = true; }
    else if (!have_required && std::regex_match(line, m, required)) { p.required_ns = std::stod(m[1]); have_required = true; }
    else if (std::regex_search(line, m, slack)) { p.slack_ns = std::stod(m[1]); p.found = true; break; }
  }
  return p;
}

StaPower parse_sta_power(const std::string& text) {
  static const std::regex row(
      R"(^(Sequential|Combinational|Total)\s+([0-9.eE+-]+)\s+([0-9.eE+-]+)\s+([0-9.eE+-]+)\s+([0-9.eE+-]+)\s+)");
  StaPower pw;
  std::istringstream in(text);
  std::string line;
  std::smatch m;
  while (std::getline(in, line)) {
    if (!std::regex_search(line, m, row)) continue;
    const double w2mw = 1e3;
    const std::string group = m[1];
    const double total = std::stod(m[5]) * w2mw;
    if (group == "Sequential") pw.sequential_mw = total;
    else if (group == "Combinational") pw.combinational_mw = total;
    else {
      pw.internal_mw = std::stod(m[2]) * w2mw;
      pw.switching_mw = std::stod(m[3]) * w2mw;
      pw.leakage_mw = std::stod(m[4]) * w2mw;
      pw.total_mw = total;
      pw.found = true;
    }
  }
  return pw;
}

StaPower parse_sta_top_cells_power(const std::string& text) {
  static const std::regex row(R"(^\s*([0-9.eE+-]+)\s+([0-9.eE+-]+)\s+([0-9.eE+-]+)\s+([0-9.eE+-]+)\s+\S+\s*$)");
  StaPower pw;
  const auto b = text.find(kTopCellsBegin);
  const auto e = text.find(kTopCellsEnd);
  if (b == std::string::npos || e == std::string::npos || e < b) return pw;
  pw.found = true;
  std::istringstream in(text.substr(b, e - b));
  std::string line;
  std::smatch m;
  while (std::getline(in, line)) {
    if (!std::regex_match(line, m, row)) continue;
    pw.internal_mw += std::stod(m[1]) * 1e3;
    pw.switching_mw += std::stod(m[2]) * 1e3;
    pw.leakage_mw += std::stod(m[3]) * 1e3;
    pw.total_mw += std::stod(m[4]) * 1e3;
  }
  return pw;
}

std::vector<std::string> sta_log_errors(const std::string& text) {
  std::vector<std::string> errs;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line))
    if (line.rfind("Error", 0) == 0) errs.push_back(line);
  return errs;
}

}  // namespace tpe::hw
