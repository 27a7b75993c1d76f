#include "tools/sweep_spec.hpp"

#include <algorithm>
#include <filesystem>

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include "models/engine/config_fields.hpp"
#include "models/engine/strict_json.hpp"
#include "models/util/atomic_file.hpp"

namespace tpe::cli {
namespace fs = std::filesystem;

const std::vector<MetricInfo>& sweep_metrics() {
  static const std::vector<MetricInfo> m{
      {"cycles", "cycles", false, true},
      {"macs", "MACs", false, false},
      {"utilization", "fraction of peak", false, false},
      {"pe_count", "PEs", false, true},
      {"peak_macs_per_cycle", "MACs/cycle", false, false},
      {"tokens_per_s", "tokens/s", false, false},
      {"time_s", "s", false, true},
      {"area_mm2", "mm2", true, true},
      {"fmax_mhz", "MHz", true, false},
      {"energy_pj", "pJ", true, true},
      {"energy_per_token_pj", "pJ/token", true, true},
      {"tops_per_w", "TOPS/W", true, false},
      {"tops_per_mm2", "TOPS/mm2", true, false},
  };
  return m;
}

namespace {

[[noreturn]] void bad(const std::string& src, const std::string& field, const nlohmann::json& value,
                      const std::string& allowed) {
  throw std::invalid_argument(
      fmt::format("{}: field '{}' has value {}; allowed: {}", src, field, value.dump(), allowed));
}

const MetricInfo* find_metric(const std::string& name) {
  for (const MetricInfo& m : sweep_metrics())
    if (name == m.name) return &m;
  return nullptr;
}

std::string metric_names() {
  std::string s;
  for (const MetricInfo& m : sweep_metrics()) s += (s.empty() ? "" : ", ") + std::string(m.name);
  return s;
}

std::vector<nlohmann::json> axis_values(const std::string& src, const std::string& field, const nlohmann::json& v) {
  const std::string where = "vary." + field;
  if (v.is_array()) {
    if (v.empty()) bad(src, where, v, "a non-empty list or {\"from\", \"to\", \"step\"}");
    return std::vector<nlohmann::json>(v.begin(), v.end());
  }
  if (v.is_object() && v.contains("from") && v.contains("to")) {
    const nlohmann::json& f = v["from"];
    const nlohmann::json& t = v["to"];
    const nlohmann::json step = v.value("step", nlohmann::json(1));
    const std::string mul = v.value("scale", std::string("linear"));
    if (!f.is_number_integer() || !t.is_number_integer() || !step.is_number_integer() || step.get<int64_t>() <= 0)
      bad(src, where, v, "a range of integers {\"from\": a, \"to\": b, \"step\": s > 0[, \"scale\": \"linear\"|\"log2\"]}");
    if (mul != "linear" && mul != "log2") bad(src, where + ".scale", mul, "\"linear\" or \"log2\"");
    std::vector<nlohmann::json> out;
    for (int64_t x = f.get<int64_t>(); x <= t.get<int64_t>() && out.size() < 100000;
         x = mul == "log2" ? x * 2 : x + step.get<int64_t>()) {
      out.push_back(x);
      if (mul == "log2" && x <= 0) bad(src, where, v, "a log2 range starting at an integer >= 1");
    }
    if (out.empty()) bad(src, where, v, "a range with from <= to");
    return out;
  }
  bad(src, where, v, "a non-empty list or a range {\"from\", \"to\", \"step\"}");
}

}  // namespace

namespace {
struct DuplicateYamlKey {
  std::string key;
};

// YAML -> JSON, keeping the order of mappings (the order of "vary"). A
// plain scalar reads as an integer, a number, a boolean or null where it
// is one; a quoted scalar stays a string.
nlohmann::ordered_json yaml_to_json(const YAML::Node& n) {
  switch (n.Type()) {
    case YAML::NodeType::Map: {
      nlohmann::ordered_json o = nlohmann::ordered_json::object();
      for (const auto& kv : n) {
        // yaml-cpp keeps both entries of a key given twice; the last would
        // silently win, as in JSON, so it is refused the same way.
        const std::string key = kv.first.as<std::string>();
        if (o.contains(key)) throw DuplicateYamlKey{key};
        o[key] = yaml_to_json(kv.second);
      }
      return o;
    }
    case YAML::NodeType::Sequence: {
      nlohmann::ordered_json a = nlohmann::ordered_json::array();
      for (const auto& e : n) a.push_back(yaml_to_json(e));
      return a;
    }
    case YAML::NodeType::Scalar: {
      const std::string v = n.Scalar();
      if (n.Tag() == "!") return v;  // quoted
      if (v == "true" || v == "false") return v == "true";
      if (v == "null" || v == "~") return nullptr;
      try {
        size_t used = 0;
        const long long i = std::stoll(v, &used);
        if (used == v.size()) return i;
        const double d = std::stod(v, &used);
        if (used == v.size()) return d;
      } catch (const std::exception&) {
      }
      return v;
    }
    default:
      return nullptr;
  }
}

bool is_yaml(const std::string& path) {
  const auto ends = [&](const std::string& x) {
    return path.size() >= x.size() && path.compare(path.size() - x.size(), x.size(), x) == 0;
  };
  return ends(".yaml") || ends(".yml");
}
}  // namespace

SweepSpec load_sweep_spec(const std::string& path) {
  SweepSpec s;
  s.source = path;
  s.text = read_text_file(path);
  std::string json_text = s.text;
  if (is_yaml(path)) {
    try {
      json_text = yaml_to_json(YAML::Load(s.text)).dump();
    } catch (const YAML::Exception& e) {
      throw std::invalid_argument(fmt::format("{}: malformed YAML: {}", path, e.what()));
    } catch (const DuplicateYamlKey& d) {
      config::fail(path, d.key, "(given twice)", "each field once (keys must be unique)");
    }
  }
  // Strict: a key given twice is refused, a number beyond a double named.
  const nlohmann::json j = parse_json_strict(json_text, path);
  if (!j.is_object()) bad(path, "(top level)", j, "a JSON object");
  for (const auto& [k, v] : j.items()) {
    static const std::vector<std::string> known{"name",     "base",   "vary", "workload",
                                              "metrics",  "fidelity", "pareto", "seed",
                                              "max_seconds_per_point"};
    if (std::find(known.begin(), known.end(), k) == known.end())
      bad(path, k, v, "the fields name, base, vary, workload, metrics, fidelity, pareto, seed, max_seconds_per_point");
  }
  // base: an inline description or a path relative to the spec file.
  if (!j.contains("base")) bad(path, "base", nullptr, "an engine description (object) or the path of one");
  if (j["base"].is_string()) {
    fs::path p = j["base"].get<std::string>();
    if (p.is_relative() && !fs::exists(p)) p = fs::path(path).parent_path() / p;
    try {
      s.base = parse_json_strict(read_text_file(p.string()), p.string());
    } catch (const std::exception& e) {
      bad(path, "base", j["base"], fmt::format("a readable engine description ({})", e.what()));
    }
  } else if (j["base"].is_object()) {
    s.base = j["base"];
  } else {
    bad(path, "base", j["base"], "an engine description (object) or the path of one");
  }
  // vary: an object field -> list/range, or a list of [field, values] pairs to fix the order.
  if (j.contains("vary")) {
    const nlohmann::json& v = j["vary"];
    if (v.is_object()) {
      // In the order the file lists them (nlohmann::json sorts keys).
      const nlohmann::ordered_json ordered = nlohmann::ordered_json::parse(json_text)["vary"];
      for (const auto& [k, vals] : ordered.items())
        s.axes.push_back({k, axis_values(path, k, nlohmann::json::parse(vals.dump()))});
    } else if (v.is_array()) {
      for (const auto& e : v) {
        if (!e.is_object() || !e.contains("field") || !e["field"].is_string() || !e.contains("values"))
          bad(path, "vary", e, "objects {\"field\": name, \"values\": list or range}");
        s.axes.push_back({e["field"].get<std::string>(), axis_values(path, e["field"], e["values"])});
      }
    } else {
      bad(path, "vary", v, "an object {field: values} or a list of {\"field\", \"values\"}");
    }
  }
  // workload
  if (!j.contains("workload") || !j["workload"].is_object())
    bad(path, "workload", j.value("workload", nlohmann::json()),
        "{\"gemm\": \"MxKxN\"}, {\"model\": NAME, \"phase\": ...} or {\"checkpoint\": PATH, \"scheme\": S}");
  s.workload = j["workload"];
  const int kinds = int(s.workload.contains("gemm")) + int(s.workload.contains("model")) +
                    int(s.workload.contains("checkpoint"));
  if (kinds != 1) bad(path, "workload", s.workload, "exactly one of gemm, model, checkpoint");
  // metrics
  s.metrics = j.value("metrics", std::vector<std::string>{"cycles", "utilization"});
  for (const std::string& m : s.metrics)
    if (!find_metric(m)) bad(path, "metrics", m, metric_names());
  // fidelity: {"cycles": "cycle_model"|"closed_form", "energy": "synthesis"|"none"}
  const nlohmann::json fid = j.value("fidelity", nlohmann::json::object());
  s.cycles_fidelity = fid.value("cycles", std::string("cycle_model"));
  if (s.cycles_fidelity != "cycle_model" && s.cycles_fidelity != "closed_form")
    bad(path, "fidelity.cycles", s.cycles_fidelity, "\"cycle_model\" or \"closed_form\"");
  const std::string syn = fid.value("synthesis", std::string("none"));
  if (syn != "none" && syn != "yes") bad(path, "fidelity.synthesis", syn, "\"none\" or \"yes\"");
  s.synthesis = syn == "yes";
  for (const std::string& m : s.metrics)
    if (find_metric(m)->needs_synthesis && !s.synthesis)
      bad(path, "metrics", m, "a metric without synthesis, or set fidelity.synthesis to \"yes\" (minutes per point)");
  for (const std::string& m : s.metrics)
    if (s.cycles_fidelity == "closed_form" &&
        (m == "energy_pj" || m == "energy_per_token_pj" || m == "tops_per_w"))
      bad(path, "metrics", m, "a metric the closed form gives (energy needs fidelity.cycles \"cycle_model\": the "
                              "closed form has no activity counters)");
  // pareto: a list of metric names (their natural direction) or {"metric", "goal": "min"|"max"}
  for (const auto& p : j.value("pareto", nlohmann::json::array())) {
    ParetoGoal g;
    if (p.is_string()) {
      g.metric = p.get<std::string>();
    } else if (p.is_object() && p.contains("metric")) {
      g.metric = p["metric"].get<std::string>();
      const std::string goal = p.value("goal", std::string());
      if (!goal.empty() && goal != "min" && goal != "max") bad(path, "pareto.goal", goal, "\"min\" or \"max\"");
      if (!goal.empty()) g.minimize = goal == "min";
    } else {
      bad(path, "pareto", p, "metric names or {\"metric\", \"goal\"}");
    }
    const MetricInfo* mi = find_metric(g.metric);
    if (!mi || std::find(s.metrics.begin(), s.metrics.end(), g.metric) == s.metrics.end())
      bad(path, "pareto", g.metric, "two or three of the spec's metrics");
    if (p.is_string()) g.minimize = mi->minimize;
    s.pareto.push_back(g);
  }
  if (!s.pareto.empty() && (s.pareto.size() < 2 || s.pareto.size() > 3))
    bad(path, "pareto", j["pareto"], "two or three metrics");
  s.seed = j.value("seed", uint64_t(1));
  if (j.contains("max_seconds_per_point")) {
    const nlohmann::json& t = j["max_seconds_per_point"];
    if (!t.is_number() || t.get<double>() < 0) bad(path, "max_seconds_per_point", t, "a number of seconds >= 0 (0: no bound)");
    s.max_seconds_per_point = t.get<double>();
  }
  return s;
}

namespace {
void set_dotted(nlohmann::json& j, const std::string& field, const nlohmann::json& v) {
  nlohmann::json* p = &j;
  size_t start = 0;
  for (size_t dot; (dot = field.find('.', start)) != std::string::npos; start = dot + 1) {
    p = &(*p)[field.substr(start, dot - start)];
    if (!p->is_object() && !p->is_null()) *p = nlohmann::json::object();
  }
  (*p)[field.substr(start)] = v;
}
}  // namespace

std::vector<SweepPoint> expand_points(const SweepSpec& s) {
  size_t total = 1;
  for (const SweepAxis& a : s.axes) total *= a.values.size();
  std::vector<SweepPoint> out;
  out.reserve(total);
  for (size_t i = 0; i < total; ++i) {
    SweepPoint p;
    p.index = int(i);
    p.id = fmt::format("p{:05d}", i);
    p.description = s.base;
    p.workload = s.workload;
    p.varied = nlohmann::json::object();
    size_t rest = i;
    for (size_t ax = s.axes.size(); ax-- > 0;) {  // the last axis varies fastest
      const SweepAxis& a = s.axes[ax];
      const nlohmann::json& v = a.values[rest % a.values.size()];
      rest /= a.values.size();
      if (a.field.rfind("workload.", 0) == 0)
        set_dotted(p.workload, a.field.substr(9), v);
      else
        set_dotted(p.description, a.field, v);
      p.varied[a.field] = v;
    }
    out.push_back(std::move(p));
  }
  return out;
}

}  // namespace tpe::cli
