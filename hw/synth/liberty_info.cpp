#include "hw/synth/liberty_info.hpp"

#include <cctype>
#include <fstream>
#include <regex>
#include <sstream>
#include <stdexcept>
#include <vector>

namespace tpe::hw {

namespace {

std::string trim(std::string s) {
  const auto b = s.find_first_not_of(" \t\r\n\"");
  const auto e = s.find_last_not_of(" \t\r\n\"");
  return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

// Removes /* */ and // comments but keeps the text of the first block comment
// (OSU puts "delay model : typ" there) for the caller.
std::string strip_comments(const std::string& text, std::string& first_comment) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    if (text.compare(i, 2, "/*") == 0) {
      const auto end = text.find("*/", i + 2);
      const auto stop = end == std::string::npos ? text.size() : end;
      if (first_comment.empty()) first_comment = text.substr(i + 2, stop - i - 2);
      i = end == std::string::npos ? text.size() : end + 2;
    } else if (text.compare(i, 2, "//") == 0) {
      while (i < text.size() && text[i] != '\n') ++i;
    } else if (text[i] == '\\' && i + 1 < text.size() && (text[i + 1] == '\n' || text[i + 1] == '\r')) {
      i += 2;  // line continuation
    } else {
      out += text[i++];
    }
  }
  return out;
}

}  // namespace

LibertyInfo parse_liberty_info(const std::string& raw, const std::string& path) {
  LibertyInfo info;
  info.path = path;
  std::string header;
  const std::string text = strip_comments(raw, header);
  {
    std::smatch m;
    static const std::regex dm(R"(delay\s+model\s*:\s*(\w+))");
    if (std::regex_search(header, m, dm)) info.delay_model_corner = m[1];
  }

  // A group is `name ( args ) {`; an attribute is `name : value ;` or
  // `name ( args ) ;`. We walk statement by statement, keeping a stack of
  // open groups (type, argument).
  struct Group { std::string type, arg; };
  std::vector<Group> stack;
  std::string current_cell;
  size_t i = 0;
  const size_t n = text.size();
  std::string stmt;
  while (i < n) {
    const char c = text[i++];
    if (c == '{') {
      // stmt holds `type ( arg )`
      const auto lp = stmt.find('(');
      const auto rp = stmt.rfind(')');
      Group g;
      g.type = trim(lp == std::string::npos ? stmt : stmt.substr(0, lp));
      if (lp != std::string::npos && rp != std::string::npos && rp > lp) g.arg = trim(stmt.substr(lp + 1, rp - lp - 1));
      if (g.type == "library" && info.name.empty()) info.name = g.arg;
      if (g.type == "cell" && stack.size() == 1) {
        current_cell = g.arg;
        info.cells[current_cell];
      }
      if (!current_cell.empty() && stack.size() == 2) {
        if (g.type == "ff") info.cells[current_cell].is_ff = true;
        if (g.type == "latch") info.cells[current_cell].is_latch = true;
      }
      stack.push_back(g);
      stmt.clear();
    } else if (c == '}') {
      if (!stack.empty()) {
        if (stack.back().type == "cell" && stack.size() == 2) current_cell.clear();
        stack.pop_back();
      }
      stmt.clear();
    } else if (c == ';') {
      const auto colon = stmt.find(':');
      if (colon != std::string::npos) {
        const std::string key = trim(stmt.substr(0, colon));
        const std::string val = trim(stmt.substr(colon + 1));
        if (stack.size() == 1) {  // library-level attributes
          if (key == "nom_voltage") info.nom_voltage_v = std::stod(val);
          else if (key == "nom_temperature") info.nom_temperature_c = std::stod(val);
          else if (key == "nom_process") info.nom_process = std::stod(val);
          else if (key == "default_operating_conditions") info.operating_conditions = val;
          else if (key == "time_unit") info.time_unit = val;
          else if (key == "leakage_power_unit") info.leakage_power_unit = val;
        } else if (stack.size() == 2 && !current_cell.empty() && key == "area") {
          info.cells[current_cell].area = std::stod(val);
        }
      }
      stmt.clear();
    } else {
      stmt += c;
    }
  }
  if (info.name.empty()) throw std::runtime_error("liberty: no library(...) group in " + path);
  return info;
}

LibertyInfo read_liberty_info(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("liberty: cannot read " + path);
  std::stringstream ss;
  ss << in.rdbuf();
  return parse_liberty_info(ss.str(), path);
}

std::string LibertyInfo::nand2_cell() const {
  if (cells.count("NAND2X1")) return "NAND2X1";
  std::string best;
  for (const auto& [name, cell] : cells)
    if (name.rfind("NAND2", 0) == 0 && !cell.is_ff && cell.area > 0 && (best.empty() || cell.area < cells.at(best).area))
      best = name;
  return best;
}

double LibertyInfo::nand2_area() const {
  const std::string c = nand2_cell();
  if (c.empty() || cells.at(c).area <= 0) throw std::runtime_error("liberty " + name + ": no NAND2 cell with an area");
  return cells.at(c).area;
}

std::string LibertyInfo::corner_label() const {
  std::ostringstream os;
  os << (operating_conditions.empty() ? "nominal" : operating_conditions);
  if (!delay_model_corner.empty()) os << " (" << delay_model_corner << ")";
  os << ", process " << nom_process << ", " << nom_voltage_v << " V, " << nom_temperature_c << " C";
  return os.str();
}

double known_library_node_nm(const std::string& library_name) {
  // OSU libraries (Oklahoma State Univ., via qflow-tech-osuXXX) encode the
  // node in the name: osu018 = 0.18 um, osu035 = 0.35 um, osu050 = 0.5 um.
  static const std::regex osu(R"(osu0?(\d\d))");
  std::smatch m;
  if (std::regex_search(library_name, m, osu)) return std::stod(m[1]) * 10.0;
  if (library_name.find("sky130") != std::string::npos) return 130;
  if (library_name.find("Nangate") != std::string::npos || library_name.find("NangateOpenCellLibrary") != std::string::npos) return 45;
  return 0;
}

}  // namespace tpe::hw
