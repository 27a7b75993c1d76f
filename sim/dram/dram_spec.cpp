#include "sim/dram/dram_spec.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include <fmt/format.h>

#include "models/engine/config_fields.hpp"
#include "models/engine/strict_json.hpp"
#include "models/util/data_path.hpp"

namespace tpe::dram {
namespace {

using nlohmann::json;
using config::fail;
using config::get_int;

// A typo in a field name silently keeping a default is worse than an error.
void reject_unknown(const json& obj, const std::set<std::string>& known, const std::string& source,
                    const std::string& path) {
  for (auto it = obj.begin(); it != obj.end(); ++it) {
    if (known.count(it.key())) continue;
    std::string allowed;
    for (const auto& k : known) allowed += (allowed.empty() ? "" : ", ") + k;
    fail(source, path + it.key(), "(unknown field)", "one of " + allowed);
  }
}

const json& object_field(const json& j, const std::string& key, const std::string& source) {
  auto it = j.find(key);
  if (it == j.end()) fail(source, key, "(missing)", "an object");
  if (!it->is_object()) fail(source, key, it->dump(), "an object");
  return *it;
}

std::string text_field(const json& j, const std::string& key, const std::string& source) {
  auto it = j.find(key);
  if (it == j.end()) fail(source, key, "(missing)", "a non-empty string");
  if (!it->is_string() || it->get<std::string>().empty()) fail(source, key, it->dump(), "a non-empty string");
  return it->get<std::string>();
}

double number_field(const json& o, const std::string& key, const std::string& source, const std::string& path,
                    double lo, double hi, const char* unit) {
  const std::string allowed = fmt::format("a number in {:g}..{:g}{}", lo, hi, unit);
  auto it = o.find(key);
  if (it == o.end()) fail(source, path + key, "(missing)", allowed);
  if (!it->is_number() || it->get<double>() < lo || it->get<double>() > hi) fail(source, path + key, it->dump(), allowed);
  return it->get<double>();
}

// "power": datasheet currents for the command energy. The currents must be
// ordered as every DRAM's are (standby below active, reads and writes and
// refresh above active standby), else a command would cost negative energy.
DramPower parse_power(const json& o, const std::string& source) {
  const std::string pp = "power.";
  reject_unknown(o, {"vdd_v", "idd0_ma", "idd2n_ma", "idd3n_ma", "idd4r_ma", "idd4w_ma", "idd5ab_ma",
                     "pim_column_factor", "pim_act_factor", "source"},
                 source, pp);
  DramPower p;
  p.vdd_v = number_field(o, "vdd_v", source, pp, 0.5, 5.0, " V");
  p.idd2n_ma = number_field(o, "idd2n_ma", source, pp, 1, 10000, " mA");
  p.idd3n_ma = number_field(o, "idd3n_ma", source, pp, p.idd2n_ma, 10000, " mA (>= idd2n_ma)");
  p.idd0_ma = number_field(o, "idd0_ma", source, pp, p.idd3n_ma, 10000, " mA (>= idd3n_ma)");
  p.idd4r_ma = number_field(o, "idd4r_ma", source, pp, p.idd3n_ma, 10000, " mA (>= idd3n_ma)");
  p.idd4w_ma = number_field(o, "idd4w_ma", source, pp, p.idd3n_ma, 10000, " mA (>= idd3n_ma)");
  p.idd5ab_ma = number_field(o, "idd5ab_ma", source, pp, p.idd3n_ma, 10000, " mA (>= idd3n_ma)");
  p.pim_column_factor = number_field(o, "pim_column_factor", source, pp, 1, 64, "");
  p.pim_act_factor = number_field(o, "pim_act_factor", source, pp, 1, 64, "");
  p.source = text_field(o, "source", source);
  return p;
}

}  // namespace

DramSpec parse_dram_spec(const json& j, const std::string& source) {
  if (!j.is_object()) fail(source, "(document)", j.dump(), "a JSON object");
  reject_unknown(j, {"name", "source", "tck_ns", "organisation", "timing", "power"}, source, "");
  DramSpec s;
  s.name = text_field(j, "name", source);
  s.source = text_field(j, "source", source);
  auto tck = j.find("tck_ns");
  if (tck == j.end()) fail(source, "tck_ns", "(missing)", "a number in 0.1..10 (ns)");
  if (!tck->is_number() || tck->get<double>() < 0.1 || tck->get<double>() > 10.0)
    fail(source, "tck_ns", tck->dump(), "a number in 0.1..10 (ns)");
  s.tck_ns = tck->get<double>();

  const json& o = object_field(j, "organisation", source);
  const std::string op = "organisation.";
  reject_unknown(o, {"channels", "pseudo_channels", "bank_groups", "banks_per_group", "rows", "columns",
                     "access_bytes", "row_buffers"},
                 source, op);
  s.org.channels = int(get_int(o, "channels", source, 1, 1024, true, 0, op));
  s.org.pseudo_channels = int(get_int(o, "pseudo_channels", source, 1, 2, true, 0, op));
  s.org.bank_groups = int(get_int(o, "bank_groups", source, 1, 16, true, 0, op));
  s.org.banks_per_group = int(get_int(o, "banks_per_group", source, 1, 16, true, 0, op));
  s.org.rows = int(get_int(o, "rows", source, 1, 1 << 20, true, 0, op));
  s.org.columns = int(get_int(o, "columns", source, 1, 4096, true, 0, op));
  s.org.access_bytes = int(get_int(o, "access_bytes", source, 1, 256, true, 0, op));
  s.org.row_buffers = int(get_int(o, "row_buffers", source, 1, 2, true, 0, op));

  const json& t = object_field(j, "timing", source);
  const std::string tp = "timing.";
  struct F { const char* key; int* dst; int lo; int hi; };
  const F fields[] = {
      {"RL", &s.t.RL, 1, 200},         {"WL", &s.t.WL, 0, 200},         {"burst_cycles", &s.t.burst_cycles, 1, 16},
      {"tRCDRD", &s.t.tRCDRD, 1, 500}, {"tRCDWR", &s.t.tRCDWR, 1, 500}, {"tRP", &s.t.tRP, 1, 500},
      {"tRAS", &s.t.tRAS, 1, 500},     {"tRC", &s.t.tRC, 1, 1000},      {"tCCD_S", &s.t.tCCD_S, 1, 64},
      {"tCCD_L", &s.t.tCCD_L, 1, 64},  {"tRRD_S", &s.t.tRRD_S, 1, 100}, {"tRRD_L", &s.t.tRRD_L, 1, 100},
      {"tFAW", &s.t.tFAW, 0, 500},     {"tWTR_S", &s.t.tWTR_S, 0, 100}, {"tWTR_L", &s.t.tWTR_L, 0, 100},
      {"tRTP", &s.t.tRTP, 1, 100},     {"tWR", &s.t.tWR, 1, 200},       {"tREFI", &s.t.tREFI, 100, 100000},
      {"tRFC", &s.t.tRFC, 1, 5000},
  };
  std::set<std::string> known;
  for (const F& f : fields) known.insert(f.key);
  reject_unknown(t, known, source, tp);
  for (const F& f : fields) *f.dst = int(get_int(t, f.key, source, f.lo, f.hi, true, 0, tp));

  // Relations the model relies on (a table violating them is a typo).
  if (s.t.tRC < s.t.tRAS + s.t.tRP)
    fail(source, "timing.tRC", std::to_string(s.t.tRC),
         fmt::format("an integer >= tRAS + tRP = {}", s.t.tRAS + s.t.tRP));
  if (s.t.tCCD_L < s.t.tCCD_S)
    fail(source, "timing.tCCD_L", std::to_string(s.t.tCCD_L), fmt::format("an integer >= tCCD_S = {}", s.t.tCCD_S));
  if (s.t.tRRD_L < s.t.tRRD_S)
    fail(source, "timing.tRRD_L", std::to_string(s.t.tRRD_L), fmt::format("an integer >= tRRD_S = {}", s.t.tRRD_S));
  if (s.t.tRFC >= s.t.tREFI)
    fail(source, "timing.tRFC", std::to_string(s.t.tRFC), fmt::format("an integer < tREFI = {}", s.t.tREFI));
  if (j.contains("power")) s.power = parse_power(object_field(j, "power", source), source);
  return s;
}

static std::string preset_dir() { return data_file("configs/dram"); }

std::vector<std::string> dram_preset_names() {
  std::vector<std::string> names;
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator(preset_dir(), ec))
    if (e.path().extension() == ".json") names.push_back(e.path().stem().string());
  std::sort(names.begin(), names.end());
  return names;
}

DramSpec load_dram_spec(const std::string& name_or_path) {
  const bool is_path = name_or_path.find('/') != std::string::npos ||
                       (name_or_path.size() > 5 && name_or_path.substr(name_or_path.size() - 5) == ".json");
  std::string path = is_path ? name_or_path : preset_dir() + "/" + name_or_path + ".json";
  std::ifstream in(path);
  if (!in) {
    if (is_path) throw ConfigError(fmt::format("{}: cannot open DRAM preset file", path));
    std::string allowed;
    for (const auto& n : dram_preset_names()) allowed += (allowed.empty() ? "" : ", ") + fmt::format("\"{}\"", n);
    fail("memory", "preset", fmt::format("\"{}\"", name_or_path), allowed + " or a path to a .json preset");
  }
  std::stringstream text;
  text << in.rdbuf();
  const json j = parse_json_strict(text.str(), path);
  DramSpec s = parse_dram_spec(j, path);
  s.file = path;
  return s;
}

}  // namespace tpe::dram
