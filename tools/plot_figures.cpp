#include "tools/plot_figures.hpp"

#include <algorithm>
#include <map>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "models/engine/strict_json.hpp"
#include "models/util/atomic_file.hpp"
#include "tools/gnuplot_figure.hpp"
#include "tools/sweep_spec.hpp"

namespace tpe::cli {
namespace {

std::vector<std::string> split_csv_line(const std::string& line) {
  std::vector<std::string> out;
  std::string cur;
  bool quoted = false;
  for (size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') cur += c, ++i;
      else if (c == '"') quoted = false;
      else cur += c;
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      out.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  out.push_back(cur);
  return out;
}

std::string unit_of(const std::string& metric) {
  for (const MetricInfo& m : sweep_metrics())
    if (metric == m.name) return m.unit;
  return "";
}

std::string label_of(const nlohmann::json& varied) {
  std::string s;
  for (const auto& [k, v] : varied.items())
    s += (s.empty() ? "" : " ") + k + "=" + (v.is_string() ? v.get<std::string>() : v.dump());
  return s;
}

// Strict: a key given twice is refused (the last would silently win).
nlohmann::json load_json(const std::string& file) { return parse_json_strict(read_text_file(file), file); }

}  // namespace

std::vector<std::string> plot_pareto(const std::string& dir, std::string x, std::string y, const std::string& prefix) {
  const std::string pareto_csv = dir + "/pareto.csv";
  std::istringstream pc(read_text_file(pareto_csv));
  std::string line;
  std::getline(pc, line);
  const std::vector<std::string> header = split_csv_line(line);
  const auto tag_col = std::find(header.begin(), header.end(), "tag");
  if (tag_col == header.end() || header.end() - tag_col < 3)
    throw std::invalid_argument(fmt::format("{}: no Pareto metrics (the spec's \"pareto\" lists none)", pareto_csv));
  if (x.empty()) x = *(tag_col + 1);
  if (y.empty()) y = *(tag_col + 2);
  std::vector<std::string> front_ids;
  while (std::getline(pc, line))
    if (!line.empty()) front_ids.push_back(split_csv_line(line)[0]);
  const nlohmann::json results = load_json(dir + "/results.json");
  std::string all, front;
  std::vector<std::tuple<double, double, std::string>> fr;
  int n = 0;
  for (const nlohmann::json& r : results) {
    if (r["status"] != "ok") continue;
    const nlohmann::json& m = r["metrics"];
    if (!m.contains(x) || !m.contains(y))
      throw std::invalid_argument(fmt::format("{}/results.json: metric '{}' or '{}' not measured; allowed: the "
                                              "spec's metrics",
                                              dir, x, y));
    if (!m[x].is_number() || !m[y].is_number()) continue;
    all += fmt::format("{:.10g} {:.10g}\n", m[x].get<double>(), m[y].get<double>());
    ++n;
    if (std::find(front_ids.begin(), front_ids.end(), r["id"].get<std::string>()) != front_ids.end())
      fr.emplace_back(m[x].get<double>(), m[y].get<double>(), label_of(r["varied"]));
  }
  if (n == 0) throw std::invalid_argument(fmt::format("{}: no valid point to plot", dir));
  std::sort(fr.begin(), fr.end());
  for (const auto& [a, b, l] : fr) front += fmt::format("{:.10g} {:.10g} \"{}\"\n", a, b, gp_text(l));
  const std::string data = all + "\n\n" + front;
  const std::string script = fmt::format(
      "set title \"Design space: {} points, {} on the Pareto front\"\n"
      "set xlabel \"{} ({})\"\nset ylabel \"{} ({})\"\n"
      "set grid\nset key outside bottom center horizontal\nset offsets 0, graph 0.2, graph 0.08, 0\n"
      "plot DAT index 0 using 1:2 with points pt 7 ps 1.2 lc rgb '#a0a0a0' title 'design points', \\\n"
      "     DAT index 1 using 1:2 with linespoints pt 7 ps 1.6 lw 2 lc rgb '#d62728' title 'Pareto front', \\\n"
      "     DAT index 1 using 1:2:3 with labels offset char 1,0.8 left font ',9' notitle\n",
      n, fr.size(), gp_text(x), unit_of(x), gp_text(y), unit_of(y));
  return render_gnuplot(prefix, data, script);
}

std::vector<std::string> plot_energy(const std::string& file, const std::string& prefix) {
  const nlohmann::json j = load_json(file);
  const nlohmann::json* rep = nullptr;
  if (j.contains("rows")) rep = &j;
  else if (j.contains("energy") && j["energy"].contains("rows")) rep = &j["energy"];
  else if (j.contains("layer") && j["layer"].contains("energy")) rep = &j["layer"]["energy"];
  if (!rep)
    throw std::invalid_argument(fmt::format("{}: no energy report in it; allowed: the JSON of tpe energy, tpe "
                                            "run-model --config (with an energy table) or tpe layer",
                                            file));
  double total = 0;
  for (const auto& r : (*rep)["rows"]) total += r["energy"]["value"].get<double>();
  const bool nj = total > 1e4;
  std::string data;
  for (const auto& r : (*rep)["rows"])
    data += fmt::format("\"{}\" {:.6g}\n", gp_text(r["component"].get<std::string>() + ": " + r["action"].get<std::string>()),
                        r["energy"]["value"].get<double>() / (nj ? 1e3 : 1.0));
  const std::string script = fmt::format(
      "set title \"Energy by component and action: {}\\n{:.4g} {} in total\"\n"
      "set ylabel \"energy ({})\"\nset style fill solid 0.85 border -1\nset boxwidth 0.7\n"
      "set xtics rotate by -30 left font ',9' nomirror\nset grid ytics\nset yrange [0:*]\nset bmargin 9\n"
      "set rmargin 12\n"
      "plot DAT using 0:2:xtic(1) with boxes lc rgb '#1f77b4' notitle, \\\n"
      "     DAT using 0:2:(sprintf('%.3g', $2)) with labels offset char 0,0.8 font ',9' notitle\n",
      gp_text((*rep).value("config_tag", std::string("run"))), total / (nj ? 1e3 : 1.0), nj ? "nJ" : "pJ",
      nj ? "nJ" : "pJ");
  return render_gnuplot(prefix, data, script);
}

std::vector<std::string> plot_layers(const std::string& file, const std::string& prefix) {
  const nlohmann::json j = load_json(file);
  std::vector<std::pair<std::string, double>> bars;
  std::string what;
  if (j.contains("per_layer")) {  // tpe run-model --config --json
    what = fmt::format("{} on {}: cycles per layer, {} steps", j.value("scheme", std::string()),
                       j["engine"].value("tag", std::string()), j["steps"].size());
    std::vector<std::pair<std::string, double>> layers;
    for (const auto& [k, v] : j["per_layer"].items()) layers.emplace_back(k, v["cycles"].get<double>());
    // Layers in their order (layer 10 after layer 9), the classifier last.
    auto key = [](const std::string& s) { return s.rfind("layer ", 0) == 0 ? std::stoi(s.substr(6)) : 1 << 30; };
    std::sort(layers.begin(), layers.end(), [&](const auto& a, const auto& b) { return key(a.first) < key(b.first); });
    bars = layers;
  } else if (j.contains("ops")) {  // tpe layer --json
    what = fmt::format("{} {} on {}: cycles per GEMM of one layer", j.value("model", std::string()),
                       j.value("phase", std::string()), j["engine"].value("tag", std::string()));
    for (const auto& o : j["ops"]) bars.emplace_back(o["name"].get<std::string>(), o["cycles"].get<double>());
  } else {
    throw std::invalid_argument(fmt::format(
        "{}: neither per_layer nor ops in it; allowed: the JSON of tpe run-model --config or tpe layer", file));
  }
  std::string data;
  for (const auto& [k, v] : bars) data += fmt::format("\"{}\" {:.10g}\n", gp_text(k), v);
  const std::string script = fmt::format(
      "set title \"{}\"\nset ylabel \"cycles\"\nset style fill solid 0.85 border -1\nset boxwidth 0.7\n"
      "set xtics rotate by -30 left nomirror\nset grid ytics\nset yrange [0:*]\nset bmargin 7\nset rmargin 10\n"
      "plot DAT using 0:2:xtic(1) with boxes lc rgb '#2ca02c' notitle, \\\n"
      "     DAT using 0:2:(sprintf('%.0f', $2)) with labels offset char 0,0.8 font ',9' notitle\n",
      gp_text(what));
  return render_gnuplot(prefix, data, script);
}

}  // namespace tpe::cli
