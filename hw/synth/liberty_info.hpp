// The few facts the synthesis report needs from a Liberty (.lib) file: the
// library name, its nominal voltage / temperature / process corner, units, and
// per cell its area and whether it is a flip-flop or latch. Not a full Liberty
// parser: it tracks braces and reads simple `key : value;` attributes.
#pragma once
#include <map>
#include <string>

namespace tpe::hw {

struct LibertyCell {
  double area = 0.0;     // in the library's area unit (um^2 by convention)
  bool is_ff = false;    // has an `ff (...)` group
  bool is_latch = false; // has a `latch (...)` group
};

struct LibertyInfo {
  std::string path;
  std::string name;                  // library(NAME)
  double nom_voltage_v = 0.0;        // nom_voltage
  double nom_temperature_c = 0.0;    // nom_temperature
  double nom_process = 0.0;          // nom_process (1.0 = typical)
  std::string operating_conditions;  // default_operating_conditions (e.g. "typical")
  std::string delay_model_corner;    // header comment "delay model : typ", when present
  std::string time_unit;             // e.g. "1ns"
  std::string leakage_power_unit;    // e.g. "1nW"
  std::map<std::string, LibertyCell> cells;

  // Area of the reference NAND2 cell (NAND2X1, else the smallest NAND2*):
  // the unit of the NAND2-equivalent gate count. Throws when there is none.
  double nand2_area() const;
  std::string nand2_cell() const;
  // A short corner label, e.g. "typical (typ), 1.8 V, 25 C".
  std::string corner_label() const;
};

// Parses `path`; throws std::runtime_error when it cannot be read or has no
// library group.
LibertyInfo read_liberty_info(const std::string& path);

// Same, from text (for tests).
LibertyInfo parse_liberty_info(const std::string& text, const std::string& path = "");

// The feature size (nm) of known open libraries by name (osu018 -> 180);
// 0 when unknown.
double known_library_node_nm(const std::string& library_name);

}  // namespace tpe::hw
