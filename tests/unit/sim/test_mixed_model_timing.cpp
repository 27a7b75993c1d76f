// The mixed (w4a16) cycle model against a register-level oracle written here
// from the RTL's structure (docs/families/mixed.md): the out_valid flop, one
// fp32 accumulator register per PE, a combinational dequantizer per column.
// The oracle computes in its own way: the dequantized weight as the exact
// sum q*s + fp16(-(s*z)) in double rounded once to fp16, the product in
// double, the accumulation in C++ float. It is driven with stimulus the
// controller never produces: idle gaps, `first` mid-tile, `last` without a
// tile, operands that change while in_valid is low, fp16 specials. Every
// output of every cycle must agree.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstring>
#include <random>

#include "models/engine/engine_config.hpp"
#include "models/engine/family_registry.hpp"
#include "models/formats/float_formats.hpp"
#include "sim/core/array_io.hpp"
#include "sim/families/mixed/mixed_model.hpp"

using namespace tpe;

namespace {

const char* kDesc =
    R"({"family":"mixed","pe":"w4a16","rows":3,"cols":2,"group":4,"a":{"bits":16,"signed":false},)"
    R"("b":{"bits":4,"signed":false},"acc_bits":32})";

uint32_t canonical_bits(float f) {
  if (std::isnan(f)) return 0x7FC00000u;
  uint32_t u;
  std::memcpy(&u, &f, 4);
  return u;
}
float float_of(uint32_t u) {
  float f;
  std::memcpy(&f, &u, 4);
  return f;
}

// The oracle's dequantizer: w = rne16(q*s + rne16(-(s*z))), the sum exact in double.
float oracle_weight(uint32_t q, uint32_t s, uint32_t z) {
  const FloatFormat& f16 = fp16_format();
  const double sv = decode(f16, s);
  const double sz = decode(f16, encode(f16, -(sv * double(z))));
  return float(decode(f16, encode(f16, double(q) * sv + sz)));
}

uint32_t random_fp16(std::mt19937_64& rng) {
  static const uint32_t special[] = {0x0000, 0x8000, 0x0001, 0x7BFF, 0xFBFF, 0x7C00, 0xFC00, 0x7E00, 0x3C00};
  return rng() % 8 == 0 ? special[rng() % 9] : uint32_t(rng() % 0x7C00) | uint32_t(rng() % 2 ? 0x8000 : 0);
}

}  // namespace

TEST_CASE("mixed model: every cycle equals the register-level oracle under arbitrary stimulus", "[mixed][sim]") {
  register_builtin_families();
  const EngineConfig cfg = parse_engine_config(kDesc, "test");
  const int R = 3, C = 2;
  const PortLayout l = PortLayout::of(cfg);
  mixed::MixedModel model(cfg);
  model.reset();
  ArrayInputs in = l.make_inputs();
  const int v = l.input("in_valid"), first = l.input("first"), last = l.input("last"), a = l.input("a_vec"),
            q = l.input("q_vec"), s = l.input("s_vec"), z = l.input("z_vec"), ov = l.output("out_valid"),
            c = l.output("c_vec");
  std::mt19937_64 rng(31);
  std::vector<uint32_t> acc(size_t(R * C), 0);  // the PE registers, reset to +0
  bool out_valid = false;
  uint64_t macs = 0, valid_edges = 0;
  for (int cycle = 0; cycle < 4000; ++cycle) {
    // Stimulus: in_valid 3/4 of the time, first and last at random, any operands.
    in.set(v, rng() % 4 != 0);
    in.set(first, rng() % 5 == 0);
    in.set(last, rng() % 7 == 0);
    for (auto& x : in.port[size_t(a)]) x = random_fp16(rng);
    for (auto& x : in.port[size_t(q)]) x = int64_t(rng() % 16);
    for (auto& x : in.port[size_t(s)]) x = rng() % 2 ? random_fp16(rng) : encode(fp16_format(), std::ldexp(1.0, -8 + int(rng() % 6)));
    for (auto& x : in.port[size_t(z)]) x = int64_t(rng() % 16);
    // The oracle's edge.
    const bool valid = in.flag(v);
    out_valid = valid && in.flag(last);
    if (valid) {
      ++valid_edges;
      for (int i = 0; i < R; ++i)
        for (int j = 0; j < C; ++j) {
          const float x16 = float(decode(fp16_format(), uint32_t(in.port[size_t(a)][size_t(i)])));
          const float w16 = oracle_weight(uint32_t(in.port[size_t(q)][size_t(j)]), uint32_t(in.port[size_t(s)][size_t(j)]),
                                          uint32_t(in.port[size_t(z)][size_t(j)]));
          const float prod = float(double(x16) * double(w16));  // exact in fp32
          uint32_t& r = acc[size_t(i * C + j)];
          r = canonical_bits((in.flag(first) ? 0.f : float_of(r)) + prod);
          ++macs;
        }
    }
    const ArrayOutputs& out = model.tick(in);
    INFO("cycle " << cycle);
    REQUIRE(out.flag(ov) == out_valid);
    for (int p = 0; p < R * C; ++p) REQUIRE(uint32_t(out.port[size_t(c)][size_t(p)]) == acc[size_t(p)]);
  }
  REQUIRE(model.counters());
  CHECK((*model.counters())[mixed::kMac] == macs);
  CHECK((*model.counters())[mixed::kDequants] == valid_edges * uint64_t(C));
}
