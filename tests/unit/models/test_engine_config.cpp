// parse_engine_config / load_engine_config / validate: every error path names
// the source, the field, the offending value and the allowed range; every
// shipped config parses and round-trips through to_json().
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include <fmt/format.h>

#include "models/engine/engine_config.hpp"
#include "models/families/systolic/systolic_spec.hpp"

using namespace tpe;
using nlohmann::json;

namespace {

const char* const kSrc = "cfg/x.json";

// A valid baseline description; tests mutate one field at a time.
json base_json() {
  return json{{"family", "systolic"},
              {"dataflow", "os"},
              {"rows", 4},
              {"cols", 8},
              {"a", {{"bits", 8}, {"signed", true}}},
              {"b", {{"bits", 8}, {"signed", true}}},
              {"acc_bits", 32}};
}

// Parses `text`, requires a ConfigError and returns its message.
std::string error_of(const std::string& text, const std::string& source = kSrc) {
  try {
    parse_engine_config(text, source);
  } catch (const ConfigError& e) {
    return e.what();
  }
  FAIL("no ConfigError for: " << text);
  return "";
}

std::string error_of_json(const json& j) { return error_of(j.dump()); }

bool contains(const std::string& hay, const std::string& needle) { return hay.find(needle) != std::string::npos; }

// The message names the source, the field, the value and the allowed text.
void require_names(const std::string& msg, const std::string& field, const std::string& value,
                   const std::string& allowed) {
  INFO("message: " << msg);
  CHECK(contains(msg, kSrc));
  CHECK(contains(msg, "'" + field + "'"));
  CHECK(contains(msg, value));
  CHECK(contains(msg, allowed));
}

std::vector<std::string> config_files() {
  std::vector<std::string> files;
  for (auto& e : std::filesystem::directory_iterator(TPE_SOURCE_DIR "/configs"))
    if (e.path().extension() == ".json") files.push_back(e.path().string());
  std::sort(files.begin(), files.end());
  return files;
}

std::string slurp(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

TEST_CASE("config: the base description used by these tests is valid", "[config]") {
  EngineConfig c = parse_engine_config(base_json().dump(), kSrc);
  CHECK(c.family == "systolic");
  CHECK(c.text("dataflow") == "os");
  CHECK(c.pe == "baseline");
  CHECK(c.integer("rows") == 4);
  CHECK(c.integer("cols") == 8);
  CHECK(c.a == IntFormat{8, true});
  CHECK(c.b == IntFormat{8, true});
  CHECK(c.acc_bits == 32);
  CHECK(c.pe_count() == 32);
  CHECK(c.tag() == "systolic_os_4x8_i8i8_acc32");
  CHECK(c.name == c.tag());  // an absent name defaults to the tag
}

TEST_CASE("config: malformed JSON names the source", "[config]") {
  for (const char* text : {"{", "", "{\"family\": systolic}", "{\"rows\": 4,}", "[1, 2"}) {
    const std::string msg = error_of(text);
    INFO("text: " << text << "\nmessage: " << msg);
    CHECK(contains(msg, kSrc));
    CHECK(contains(msg, "malformed JSON"));
  }
}

TEST_CASE("config: a top level that is not an object is rejected", "[config]") {
  for (const char* text : {"[]", "[{\"family\":\"systolic\"}]", "42", "\"systolic\"", "null", "true"}) {
    const std::string msg = error_of(text);
    INFO("text: " << text << "\nmessage: " << msg);
    CHECK(contains(msg, kSrc));
    CHECK(contains(msg, "object"));
  }
}

TEST_CASE("config: an unknown top-level field is rejected", "[config]") {
  json j = base_json();
  j["colums"] = 8;
  const std::string msg = error_of_json(j);
  require_names(msg, "colums", "(unknown field)",
                "family, pe, a, b, acc_bits, name, memory, dataflow, rows, cols, schedule (family \"systolic\")");
}

TEST_CASE("config: each required field, when missing, is named", "[config]") {
  const std::pair<const char*, const char*> required[] = {
      {"family", "\"systolic\""},  {"dataflow", "\"os\", \"ws\", \"is\""}, {"rows", "1..256"}, {"cols", "1..256"},
      {"a", "a required field"}, {"b", "a required field"},      {"acc_bits", "2..64"}};
  for (auto& [field, allowed] : required) {
    json j = base_json();
    j.erase(field);
    const std::string msg = error_of_json(j);
    INFO("missing " << field);
    require_names(msg, field, "(missing)", allowed);
  }
  SECTION("a.bits is required inside a format") {
    json j = base_json();
    j["a"].erase("bits");
    require_names(error_of_json(j), "a.bits", "(missing)", "2..16");
  }
  SECTION("pe, name and signed are optional") {
    json j = base_json();
    j["b"].erase("signed");
    j["pe"] = "baseline";
    EngineConfig c = parse_engine_config(j.dump(), kSrc);
    CHECK(c.b.is_signed);  // defaults to signed
    CHECK(c.pe == "baseline");
  }
}

TEST_CASE("config: unknown family, dataflow and pe values are rejected with the choices", "[config]") {
  SECTION("family") {
    json j = base_json();
    j["family"] = "tpu";
    require_names(error_of_json(j), "family", "\"tpu\"", "\"systolic\"");
    j["family"] = 3;
    require_names(error_of_json(j), "family", "3", "\"systolic\"");
  }
  SECTION("dataflow") {
    json j = base_json();
    j["dataflow"] = "rs";
    require_names(error_of_json(j), "dataflow", "\"rs\"", "\"os\", \"ws\", \"is\"");
    j["dataflow"] = "OS";  // case matters
    require_names(error_of_json(j), "dataflow", "\"OS\"", "\"os\", \"ws\", \"is\"");
  }
  SECTION("pe") {
    json j = base_json();
    j["pe"] = "opt2";
    require_names(error_of_json(j), "pe", "\"opt2\"", "\"baseline\", \"opt1\"");
  }
}

TEST_CASE("config: rows and cols outside 1..256 are rejected", "[config]") {
  json j = base_json();
  j["rows"] = 0;
  require_names(error_of_json(j), "rows", "value 0;", "an integer in 1..256");
  j["rows"] = 257;
  require_names(error_of_json(j), "rows", "value 257;", "an integer in 1..256");
  j = base_json();
  j["cols"] = -1;
  require_names(error_of_json(j), "cols", "value -1;", "an integer in 1..256");
  j["cols"] = 100000;
  require_names(error_of_json(j), "cols", "value 100000;", "an integer in 1..256");
}

TEST_CASE("config: non-integer dimensions are rejected", "[config]") {
  SECTION("a fraction") {
    json j = base_json();
    j["rows"] = 4.5;
    require_names(error_of_json(j), "rows", "4.5", "an integer in 1..256");
  }
  SECTION("a string holding a number") {
    json j = base_json();
    j["rows"] = "4";
    require_names(error_of_json(j), "rows", "\"4\"", "an integer in 1..256");
  }
  SECTION("a boolean, null and an array") {
    json j = base_json();
    j["cols"] = true;
    require_names(error_of_json(j), "cols", "true", "an integer in 1..256");
    j["cols"] = nullptr;
    require_names(error_of_json(j), "cols", "null", "an integer in 1..256");
    j["cols"] = json::array({4});
    require_names(error_of_json(j), "cols", "[4]", "an integer in 1..256");
  }
  SECTION("a float with an integral value written as 4.0") {
    const std::string msg = error_of(std::string(R"({"family":"systolic","dataflow":"os","rows":4.0,"cols":8,)") +
                                     R"("a":{"bits":8},"b":{"bits":8},"acc_bits":32})");
    INFO(msg);
    CHECK(contains(msg, "'rows'"));
    CHECK(contains(msg, "1..256"));
  }
}

TEST_CASE("config: operand bits outside 2..16 or of the wrong type are rejected", "[config]") {
  json j = base_json();
  j["a"]["bits"] = 1;
  require_names(error_of_json(j), "a.bits", "value 1;", "an integer in 2..16");
  j["a"]["bits"] = 17;
  require_names(error_of_json(j), "a.bits", "value 17;", "an integer in 2..16");
  j = base_json();
  j["b"]["bits"] = "8";
  require_names(error_of_json(j), "b.bits", "\"8\"", "an integer in 2..16");
  j["b"]["bits"] = 8.5;
  require_names(error_of_json(j), "b.bits", "8.5", "an integer in 2..16");
  j["b"]["bits"] = 0;
  require_names(error_of_json(j), "b.bits", "value 0;", "an integer in 2..16");
}

TEST_CASE("config: a.signed must be a boolean", "[config]") {
  json j = base_json();
  j["a"]["signed"] = "yes";
  require_names(error_of_json(j), "a.signed", "\"yes\"", "true or false");
  j["a"]["signed"] = 1;
  require_names(error_of_json(j), "a.signed", "value 1;", "true or false");
  j = base_json();
  j["b"]["signed"] = nullptr;
  require_names(error_of_json(j), "b.signed", "null", "true or false");
}

TEST_CASE("config: an operand format must be an object with only bits and signed", "[config]") {
  SECTION("unknown field inside a") {
    json j = base_json();
    j["a"]["sign"] = true;
    require_names(error_of_json(j), "a.sign", "(unknown field)", "'bits', 'signed'");
  }
  SECTION("unknown field inside b") {
    json j = base_json();
    j["b"]["width"] = 8;
    require_names(error_of_json(j), "b.width", "(unknown field)", "'bits', 'signed'");
  }
  SECTION("a format given as a bare number") {
    json j = base_json();
    j["a"] = 8;
    require_names(error_of_json(j), "a", "value 8;", "an object like");
  }
}

TEST_CASE("config: acc_bits outside 2..64 is rejected", "[config]") {
  json j = base_json();
  j["acc_bits"] = 1;
  require_names(error_of_json(j), "acc_bits", "value 1;", "an integer in 2..64");
  j["acc_bits"] = 65;
  require_names(error_of_json(j), "acc_bits", "value 65;", "an integer in 2..64");
  j["acc_bits"] = "32";
  require_names(error_of_json(j), "acc_bits", "\"32\"", "an integer in 2..64");
  SECTION("the limits themselves are accepted") {
    for (int acc : {2, 64}) {
      json ok = base_json();
      ok["acc_bits"] = acc;
      CHECK(parse_engine_config(ok.dump(), kSrc).acc_bits == acc);
    }
  }
}

TEST_CASE("config: name must be a string", "[config]") {
  json j = base_json();
  j["name"] = 5;
  require_names(error_of_json(j), "name", "value 5;", "a string");
  j["name"] = json::object();
  require_names(error_of_json(j), "name", "{}", "a string");
  j["name"] = "my engine";
  CHECK(parse_engine_config(j.dump(), kSrc).name == "my engine");
}

TEST_CASE("config: opt1 is allowed with every dataflow and named in the tag", "[config]") {
  json j = base_json();
  j["pe"] = "opt1";
  for (const char* df : {"os", "ws", "is"}) {
    j["dataflow"] = df;
    EngineConfig c = parse_engine_config(j.dump(), kSrc);
    CHECK(c.pe == "opt1");
    CHECK(c.tag() == std::string("systolic_") + df + "_4x8_i8i8_acc32_opt1");
  }
}

TEST_CASE("config: the systolic schedule is validated, named in the tag and round-trips", "[config]") {
  SECTION("an unknown value names the choices") {
    json j = base_json();
    j["schedule"] = "fast";
    require_names(error_of_json(j), "schedule", "\"fast\"", "\"serial\", \"overlap\"");
  }
  SECTION("overlap needs the baseline PE; every dataflow has it") {
    json j = base_json();
    j["schedule"] = "overlap";
    for (const char* df : {"os", "ws", "is"}) {
      j["dataflow"] = df;
      CHECK(parse_engine_config(j.dump(), kSrc).tag() == fmt::format("systolic_{}_4x8_i8i8_acc32_overlap", df));
    }
    j["pe"] = "opt1";
    require_names(error_of_json(j), "schedule", "\"overlap\"", "\"serial\" with \"pe\":\"opt1\"");
  }
  SECTION("serial is the default and keeps the tag; overlap is in the tag and round-trips") {
    const EngineConfig serial = parse_engine_config(base_json().dump(), kSrc);
    CHECK(serial.tag() == "systolic_os_4x8_i8i8_acc32");
    CHECK(serial.to_json().count("schedule") == 0);  // descriptions and caches of before stay as they were
    json j = base_json();
    j["schedule"] = "overlap";
    const EngineConfig c = parse_engine_config(j.dump(), kSrc);
    CHECK(c.tag() == "systolic_os_4x8_i8i8_acc32_overlap");
    CHECK(parse_engine_config(c.to_json().dump(), kSrc).tag() == c.tag());
    CHECK(systolic::make_config(systolic::Dataflow::OutputStationary, 4, 8, {8, true}, {8, true}, 32, "baseline",
                                systolic::Schedule::Overlap)
              .tag() == c.tag());
  }
}

TEST_CASE("config: the input-stationary dataflow parses, round-trips and builds in code", "[config]") {
  json j = base_json();
  j["dataflow"] = "is";
  const EngineConfig c = parse_engine_config(j.dump(), kSrc);
  CHECK(c.text("dataflow") == "is");
  CHECK(c.tag() == "systolic_is_4x8_i8i8_acc32");
  CHECK(parse_engine_config(c.to_json().dump(), kSrc).tag() == c.tag());
  const EngineConfig built = systolic::make_config(systolic::Dataflow::InputStationary, 4, 8, {8, true}, {8, true}, 32);
  CHECK(built.tag() == c.tag());
  CHECK(systolic::Params::of(built).is());
}

TEST_CASE("config: opt1 needs an accumulator at least a.bits + b.bits wide", "[config]") {
  json j = base_json();
  j["pe"] = "opt1";
  j["a"]["bits"] = 8;
  j["b"]["bits"] = 6;
  j["acc_bits"] = 13;
  require_names(error_of_json(j), "acc_bits", "value 13;", "at least a.bits + b.bits = 14");
  j["acc_bits"] = 14;  // exactly one product wide is enough
  CHECK(parse_engine_config(j.dump(), kSrc).acc_bits == 14);
  // The same narrow accumulator is fine for the baseline PE (results wrap).
  j["pe"] = "baseline";
  j["acc_bits"] = 13;
  CHECK(parse_engine_config(j.dump(), kSrc).acc_bits == 13);
}

TEST_CASE("config: validate() on a hand-built config names the source and field", "[config]") {
  EngineConfig c = systolic::make_config(systolic::Dataflow::OutputStationary, 4, 4, {8, true}, {8, true}, 32);
  c.params["rows"] = int64_t(300);
  try {
    validate(c, "built/in.cpp");
    FAIL("validate accepted rows = 300");
  } catch (const ConfigError& e) {
    const std::string msg = e.what();
    INFO(msg);
    CHECK(contains(msg, "built/in.cpp"));
    CHECK(contains(msg, "'rows'"));
    CHECK(contains(msg, "300"));
    CHECK(contains(msg, "1..256"));
  }
  const EngineConfig ok = systolic::make_config(systolic::Dataflow::WeightStationary, 4, 4, {8, true}, {8, true}, 32);
  CHECK_NOTHROW(validate(ok, "built/in.cpp"));
}

TEST_CASE("config: the source string given by the caller prefixes every message", "[config]") {
  json j = base_json();
  j["rows"] = 0;
  const std::string msg = error_of(j.dump(), "some/other/path.json");
  CHECK(msg.rfind("some/other/path.json: ", 0) == 0);
  CHECK_FALSE(contains(msg, kSrc));
}

TEST_CASE("config: load_engine_config on a missing file names the path", "[config]") {
  const std::string path = TPE_SOURCE_DIR "/configs/does_not_exist_4x4.json";
  try {
    load_engine_config(path);
    FAIL("loaded a file that does not exist");
  } catch (const ConfigError& e) {
    const std::string msg = e.what();
    INFO(msg);
    CHECK(contains(msg, path));
    CHECK(contains(msg, "cannot open"));
  }
}

TEST_CASE("config: load_engine_config reports errors with the file path as source", "[config]") {
  const auto dir = std::filesystem::temp_directory_path() / "tpe_test_engine_config";
  std::filesystem::create_directories(dir);
  const std::string path = (dir / "bad_rows.json").string();
  {
    json j = base_json();
    j["rows"] = 257;
    std::ofstream(path) << j.dump();
  }
  try {
    load_engine_config(path);
    FAIL("accepted rows = 257");
  } catch (const ConfigError& e) {
    const std::string msg = e.what();
    INFO(msg);
    CHECK(contains(msg, path));
    CHECK(contains(msg, "'rows'"));
    CHECK(contains(msg, "257"));
  }
  std::filesystem::remove_all(dir);
}

TEST_CASE("config: every shipped config in configs/ parses and matches its file name", "[config]") {
  const auto files = config_files();
  REQUIRE(files.size() >= 10);
  for (auto& f : files) {
    INFO(f);
    EngineConfig c;
    REQUIRE_NOTHROW(c = load_engine_config(f));
    // Every file name begins with its family and names a PE variant other than the default.
    const std::string stem = std::filesystem::path(f).stem().string();
    CHECK(stem.rfind(c.family + "_", 0) == 0);
    CHECK((c.pe != "baseline") == contains(stem, c.pe));
    CHECK(c.name == c.tag());
    const json raw = json::parse(slurp(f));
    // Independent check against the raw JSON: every integer field written in the file.
    for (const auto& [field, value] : c.params)
      if (std::holds_alternative<int64_t>(value) && raw.contains(field))
        CHECK(std::get<int64_t>(value) == raw.at(field).get<int64_t>());
    if (c.family == "systolic") {
      // systolic_<df>_<R>x<C>_... begins with family, dataflow and shape.
      const std::string prefix = c.family + "_" + c.text("dataflow") + "_" + std::to_string(c.integer("rows")) + "x" +
                                 std::to_string(c.integer("cols")) + "_";
      CHECK(stem.rfind(prefix, 0) == 0);
    }
    CHECK(c.a.bits == raw.at("a").at("bits").get<int>());
    CHECK(c.b.bits == raw.at("b").at("bits").get<int>());
    CHECK(c.acc_bits == raw.at("acc_bits").get<int>());
  }
}

TEST_CASE("config: tag and to_json round-trip for every shipped config", "[config]") {
  for (auto& f : config_files()) {
    INFO(f);
    const EngineConfig c = load_engine_config(f);
    const std::string text = c.to_json().dump();
    const EngineConfig back = parse_engine_config(text, "roundtrip");
    CHECK(back.tag() == c.tag());
    CHECK(back.name == c.name);
    CHECK(back.family == c.family);
    CHECK(back.params == c.params);
    CHECK(back.pe == c.pe);
    CHECK(back.a == c.a);
    CHECK(back.b == c.b);
    CHECK(back.acc_bits == c.acc_bits);
    CHECK(back.to_json() == c.to_json());
  }
}

TEST_CASE("config: tag encodes every field that changes the hardware", "[config]") {
  json j = base_json();
  j["a"] = {{"bits", 8}, {"signed", false}};
  j["b"] = {{"bits", 4}, {"signed", true}};
  j["dataflow"] = "ws";
  j["acc_bits"] = 20;
  j["rows"] = 3;
  j["cols"] = 5;
  const EngineConfig c = parse_engine_config(j.dump(), kSrc);
  CHECK(c.tag() == "systolic_ws_3x5_u8i4_acc20");
  // A custom name does not change the tag.
  j["name"] = "custom";
  const EngineConfig named = parse_engine_config(j.dump(), kSrc);
  CHECK(named.name == "custom");
  CHECK(named.tag() == c.tag());
  CHECK(parse_engine_config(named.to_json().dump(), kSrc).name == "custom");
}

TEST_CASE("config: rectangular 1x256 and 256x1 arrays are accepted", "[config]") {
  for (auto [r, c] : {std::pair<int, int>{1, 256}, {256, 1}, {1, 1}, {256, 256}}) {
    json j = base_json();
    j["rows"] = r;
    j["cols"] = c;
    EngineConfig cfg = parse_engine_config(j.dump(), kSrc);
    CHECK(cfg.integer("rows") == r);
    CHECK(cfg.integer("cols") == c);
    CHECK(cfg.pe_count() == r * c);
    CHECK(cfg.tag() == "systolic_os_" + std::to_string(r) + "x" + std::to_string(c) + "_i8i8_acc32");
  }
}

TEST_CASE("config: IntFormat ranges", "[config]") {
  CHECK(IntFormat{8, true}.min_value() == -128);
  CHECK(IntFormat{8, true}.max_value() == 127);
  CHECK(IntFormat{8, false}.min_value() == 0);
  CHECK(IntFormat{8, false}.max_value() == 255);
  CHECK(IntFormat{2, true}.min_value() == -2);
  CHECK(IntFormat{16, false}.max_value() == 65535);
  CHECK(IntFormat{4, false}.tag() == "u4");
  CHECK(IntFormat{16, true}.tag() == "i16");
}

// An integer above INT64_MAX once wrapped in get<int64_t>() and was reported
// as -1; the message must show the value as written.
TEST_CASE("config: an integer beyond int64 is reported with its own value", "[config]") {
  const std::string text = std::string(R"({"family":"systolic","dataflow":"os","rows":18446744073709551615,)") +
                           R"("cols":8,"a":{"bits":8},"b":{"bits":8},"acc_bits":32})";
  const std::string msg = error_of(text);
  INFO(msg);
  CHECK(contains(msg, "'rows'"));
  CHECK(contains(msg, "18446744073709551615"));
}

TEST_CASE("config: a field given twice is refused, not silently overridden", "[config]") {
  const std::string text =
      R"({"family":"systolic","dataflow":"os","rows":0,"rows":4,"cols":4,"a":{"bits":8},"b":{"bits":8},"acc_bits":32})";
  const std::string msg = error_of(text, "dup.json");
  CHECK(contains(msg, "dup.json: field 'rows' has value (given twice)"));
  const std::string nested =
      R"({"family":"systolic","dataflow":"os","rows":4,"cols":4,"a":{"bits":8,"bits":4},"b":{"bits":8},"acc_bits":32})";
  CHECK(contains(error_of(nested, "dup.json"), "field 'a.bits' has value (given twice)"));
  // The same key in two different objects is fine.
  CHECK_NOTHROW(parse_engine_config(
      R"({"family":"systolic","dataflow":"os","rows":4,"cols":4,"a":{"bits":8},"b":{"bits":8},"acc_bits":32})", "ok"));
}
