// One suite every registered engine family must pass (the PyMTL way: the same
// tests for every implementation). A family added to engines/builtin_families.cpp
// is checked here without editing this file:
//  - its declarations are coherent (a "mac" counter, strobes, one out-valid);
//  - its co-simulation matrix covers what the project requires of every
//    family (every PE variant, K = 1, the most negative operands, a wrapping
//    accumulator, real stories260K weights, a shape that is no multiple of the
//    geometry);
//  - every matrix case runs on the C++ cycle model (the engine loop alone, no
//    SystemC) bit-exact against the reference GEMM, with the cycle count its
//    closed form predicts, and its Verilog generates with the declared ports;
//  - bad descriptions are refused naming the field and the allowed values.
// The co-simulation matrix (cosim_<family>_<case>) then holds the same cases
// to the Verilated RTL.
#include <catch2/catch.hpp>

#include <set>

#include <nlohmann/json.hpp>

#include "models/engine/family_registry.hpp"
#include "models/gemm/gemm_operands.hpp"
#include "models/gemm/int_gemm.hpp"
#include "rtlgen/core/generate.hpp"
#include "sim/core/engine_loop.hpp"
#include "sim/core/family_sim.hpp"

using namespace tpe;

namespace {

std::string error_of(const std::string& text) {
  try {
    parse_engine_config(text, "case.json");
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "";
}

bool wraps(const EngineConfig& c, const GemmShape& s) {
  // Products of a.bits + b.bits, summed over K: a narrower accumulator wraps
  // on large enough operands.
  int k_bits = 0;
  while ((1 << k_bits) < s.k) ++k_bits;
  return c.acc_bits < c.a.bits + c.b.bits + k_bits;
}

}  // namespace

TEST_CASE("families: at least the systolic family is registered", "[families]") {
  const auto names = registered_families();
  CHECK(std::find(names.begin(), names.end(), "systolic") != names.end());
}

TEST_CASE("families: declarations are coherent", "[families]") {
  for (const auto& name : registered_families()) {
    INFO("family " << name);
    const FamilySpec& spec = *find_family(name).spec;
    REQUIRE_FALSE(spec.pe_variants().empty());
    REQUIRE_FALSE(spec.test_matrix().empty());
    const EngineConfig cfg = parse_engine_config(spec.test_matrix().front().config_json, name);
    std::set<std::string> counters;
    for (const auto& c : spec.counters(cfg)) {
      CHECK_FALSE(c.unit.empty());
      CHECK(counters.insert(c.name).second);
    }
    CHECK(counters.count("mac"));
    std::set<std::string> ports;
    int strobes = 0, out_valid = 0;
    for (const auto& p : spec.ports(cfg)) {
      INFO("port " << p.name);
      CHECK(ports.insert(p.name).second);
      CHECK(p.lanes >= 1);
      CHECK(p.lane_bits >= 1);
      strobes += p.role == PortRole::Strobe;
      out_valid += p.role == PortRole::OutValid;
      if (p.role == PortRole::Strobe || p.role == PortRole::OutValid || p.role == PortRole::Status)
        CHECK(p.width() == 1);
    }
    CHECK_FALSE(ports.count("clk"));
    CHECK_FALSE(ports.count("rst"));
    CHECK(strobes >= 1);
    CHECK(out_valid == 1);
    CHECK(spec.pe_count(cfg) >= 1);
    CHECK(spec.peak_macs_per_cycle(cfg) >= 1);
  }
}

TEST_CASE("families: every co-simulation matrix covers the required cases", "[families]") {
  for (const auto& name : registered_families()) {
    INFO("family " << name);
    const FamilySpec& spec = *find_family(name).spec;
    std::set<std::string> pes, case_names;
    bool k1 = false, extremes = false, stories = false, wrapping = false, odd = false;
    for (const MatrixCase& c : spec.test_matrix()) {
      INFO("case " << c.name);
      CHECK(case_names.insert(c.name).second);
      if (c.full_only) continue;
      const EngineConfig cfg = parse_engine_config(c.config_json, c.name);
      pes.insert(cfg.pe);
      k1 |= c.shape.k == 1;
      extremes |= c.operands == "extremes";
      stories |= c.operands == "stories260K";
      wrapping |= wraps(cfg, c.shape);
      // No multiple of any power-of-two-or-other geometry: M, K and N coprime to 2 and 3, or prime-ish.
      odd |= (c.shape.m % 2 == 1 || c.shape.m % 3 != 0) && c.shape.k % 2 == 1 && c.shape.n % 2 == 1;
    }
    for (const auto& p : spec.pe_variants()) {
      INFO("PE variant " << p);
      CHECK(pes.count(p));
    }
    CHECK(k1);
    CHECK(extremes);
    CHECK(stories);
    // Accumulator wrap-around exists only where the engine computes integer GEMMs.
    if (spec.computes_integer_gemm()) CHECK(wrapping);
    CHECK(odd);
  }
}

TEST_CASE("families: every matrix case is bit- and cycle-exact on the cycle model", "[families]") {
  for (const auto& name : registered_families()) {
    for (const MatrixCase& c : find_family(name).spec->test_matrix()) {
      if (c.full_only) continue;
      INFO("family " << name << ", case " << c.name << ", GEMM " << c.shape.str());
      const EngineConfig cfg = parse_engine_config(c.config_json, c.name);
      const GemmOperands ops = make_gemm_operands(cfg, c.shape, c.seed, c.operands);
      auto model = make_array_model(cfg);
      model->reset();
      EngineLoop loop(cfg, ops.a, ops.b, *model);
      const uint64_t bound = find_family(name).sim->cycle_bound(cfg, c.shape);
      for (uint64_t n = 0; !loop.done() && n < bound; ++n) loop.step();
      REQUIRE(loop.done());
      const EngineRun run = loop.result();
      CHECK(run.c == find_family(name).spec->reference_result(cfg, ops.a, ops.b));
      const auto cf = find_family(name).spec->cycles_for_operands(cfg, ops.a, ops.b);
      if (cf) CHECK(run.activity.cycles == *cf);
      CHECK(run.activity.macs() >= uint64_t(c.shape.macs()));
      CHECK_NOTHROW(rtl::generate_rtl(cfg));  // checks the top's ports against the family's list
    }
  }
}

TEST_CASE("families: bad descriptions are refused naming the field and the allowed values", "[families]") {
  for (const auto& name : registered_families()) {
    INFO("family " << name);
    const FamilySpec& spec = *find_family(name).spec;
    nlohmann::json j = nlohmann::json::parse(spec.test_matrix().front().config_json);
    nlohmann::json bogus = j;
    bogus["bogus_field"] = 1;  // e.g. a field of another family
    std::string msg = error_of(bogus.dump());
    CHECK_THAT(msg, Catch::Contains("case.json: field 'bogus_field'") && Catch::Contains("family \"" + name + "\""));
    for (const auto& f : spec.fields()) CHECK_THAT(msg, Catch::Contains(f));
    nlohmann::json pe = j;
    pe["pe"] = "no_such_pe";
    msg = error_of(pe.dump());
    CHECK_THAT(msg, Catch::Contains("field 'pe' has value \"no_such_pe\""));
    for (const auto& p : spec.pe_variants()) CHECK_THAT(msg, Catch::Contains("\"" + p + "\""));
    for (const auto& f : spec.fields()) {
      nlohmann::json missing = j;
      missing.erase(f);
      if (missing.size() == j.size()) continue;
      msg = error_of(missing.dump());
      // A missing field is named, or the family's default applies and it parses.
      if (!msg.empty()) CHECK_THAT(msg, Catch::Contains("'" + f + "'"));
    }
  }
}
