// The lmul cycle model at register level (register-level oracle style of
// test_systolic_model_timing): every edge's out_valid and accumulators for a
// hand-driven stimulus, against values written out with the reference units
// (models/formats/lmul.hpp, fp_add.hpp: tested against independent oracles
// in tests/unit/models), and the bad-description messages.
#include <catch2/catch.hpp>

#include "models/engine/engine_config.hpp"
#include "models/engine/family_registry.hpp"
#include "models/formats/fp_add.hpp"
#include "models/formats/lmul.hpp"
#include "sim/core/array_io.hpp"
#include "sim/families/lmul/lmul_model.hpp"

using namespace tpe;

namespace {
const char* kDesc =
    R"({"family":"lmul","pe":"baseline","rows":2,"cols":1,"format":"e4m3","a":{"bits":8,"signed":false},)"
    R"("b":{"bits":8,"signed":false},"acc_bits":32})";
}  // namespace

TEST_CASE("lmul model: first restarts the accumulators, last sets out_valid after the same edge", "[lmul][sim]") {
  register_builtin_families();
  const EngineConfig cfg = parse_engine_config(kDesc, "test");
  const PortLayout l = PortLayout::of(cfg);
  lmul::LmulModel model(cfg);
  ArrayInputs in = l.make_inputs();
  const int v = l.input("in_valid"), first = l.input("first"), last = l.input("last"), a = l.input("a_vec"),
            b = l.input("b_vec");
  const int ov = l.output("out_valid"), c = l.output("c_vec");
  const FloatFormat& f = fp8_e4m3_format();
  const uint32_t one = 0x38, one_half = 0x3C, two = 0x40, neg_three = 0xC4;  // 1.0, 1.5, 2.0, -3.0
  // Edge 0: first column (a = {1.5, 2}, b = {-3}); edge 1: idle; edge 2: last column (a = {1, 1.5}, b = {2}).
  in.set(v, 1);
  in.set(first, 1);
  in.port[size_t(a)] = {one_half, two};
  in.port[size_t(b)] = {neg_three};
  ArrayOutputs out = model.tick(in);
  CHECK_FALSE(out.flag(ov));
  const FloatFormat& f32 = lmul_fp32_format();
  const uint32_t p00 = lmul_bits(f, one_half, neg_three), p10 = lmul_bits(f, two, neg_three);
  CHECK(out.port[size_t(c)][0] == int64_t(fp_add_bits(f32, 0, p00)));
  CHECK(out.port[size_t(c)][1] == int64_t(fp_add_bits(f32, 0, p10)));
  in = l.make_inputs();
  out = model.tick(in);  // nothing sampled: the accumulators hold
  CHECK_FALSE(out.flag(ov));
  CHECK(out.port[size_t(c)][0] == int64_t(p00));
  in.set(v, 1);
  in.set(last, 1);
  in.port[size_t(a)] = {one, one_half};
  in.port[size_t(b)] = {two};
  out = model.tick(in);
  CHECK(out.flag(ov));
  // 1.5 x -3 by L-Mul: (1 + 0.5 + 0.5 + 1/8) carries once: -(0.125 + 1) * 2^2 = -4.5 (exact: -4.5 too);
  // 1 x 2 = 2 + 2^-3 * 2 = 2.25; the sum -2.25.
  CHECK(fp32_from_bits(uint32_t(out.port[size_t(c)][0])) == -4.5f + 2.25f);
  CHECK(out.port[size_t(c)][1] == int64_t(fp_add_bits(f32, p10, lmul_bits(f, one_half, two))));
  in = l.make_inputs();
  CHECK_FALSE(model.tick(in).flag(ov));  // out_valid lasts one edge
  CHECK((*model.counters())[lmul::kMac] == 4);
  CHECK((*model.counters())[lmul::kResultValues] == 2);
}

TEST_CASE("lmul descriptions: bad fields are refused naming field, value and allowed values", "[lmul][sim]") {
  register_builtin_families();
  auto with = [](const std::string& from, const std::string& to) {
    std::string s = kDesc;
    s.replace(s.find(from), from.size(), to);
    return s;
  };
  CHECK_THROWS_WITH(parse_engine_config(with("\"e4m3\"", "\"fp16\""), "x.json"),
                    Catch::Contains("format") && Catch::Contains("fp16") && Catch::Contains("e4m4"));
  CHECK_THROWS_WITH(parse_engine_config(with("\"rows\":2", "\"rows\":17"), "x.json"),
                    Catch::Contains("rows") && Catch::Contains("17") && Catch::Contains("1..16"));
  CHECK_THROWS_WITH(parse_engine_config(with("\"a\":{\"bits\":8,\"signed\":false}", "\"a\":{\"bits\":8,\"signed\":true}"), "x.json"),
                    Catch::Contains("x.json") && Catch::Contains("i8") && Catch::Contains("bit pattern"));
  CHECK_THROWS_WITH(parse_engine_config(with("\"acc_bits\":32", "\"acc_bits\":24"), "x.json"),
                    Catch::Contains("acc_bits") && Catch::Contains("24") && Catch::Contains("32"));
}
