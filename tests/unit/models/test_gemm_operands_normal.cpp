// The operand source normal:SIGMA: round-half-even(N(0, SIGMA^2)) clamped to
// each format, seeded; a malformed SIGMA is refused naming the allowed values.
#include <catch2/catch.hpp>

#include <cmath>

#include "models/gemm/gemm_operands.hpp"

using namespace tpe;

TEST_CASE("operands normal:SIGMA: integers of the format with the requested spread, clamped, seeded", "[ref]") {
  EngineConfig cfg;
  cfg.a = {8, true};
  cfg.b = {4, false};
  const GemmShape s{100, 200, 50};
  const GemmOperands ops = make_gemm_operands(cfg, s, 3, "normal:20");
  double sum = 0, sq = 0;
  for (int32_t v : ops.a.data) {
    REQUIRE(v >= -128);
    REQUIRE(v <= 127);
    sum += v;
    sq += double(v) * v;
  }
  const double n = double(ops.a.data.size()), mean = sum / n, sd = std::sqrt(sq / n - mean * mean);
  CHECK(std::abs(mean) < 0.5);
  CHECK(sd == Approx(20.0).epsilon(0.03));  // rounding adds 1/12 to the variance: negligible at 20
  // The unsigned 4-bit weights clamp every negative draw to 0 and large ones to 15.
  int zeros = 0, tops = 0;
  for (int32_t v : ops.b.data) {
    REQUIRE(v >= 0);
    REQUIRE(v <= 15);
    zeros += v == 0;
    tops += v == 15;
  }
  CHECK(zeros > int(ops.b.data.size()) / 2);
  CHECK(tops > int(ops.b.data.size()) / 5);  // P(N(0, 400) >= 14.5) = 0.234
  CHECK(tops < int(ops.b.data.size()) / 4);
  CHECK(make_gemm_operands(cfg, s, 3, "normal:20").a.data == ops.a.data);
  CHECK(make_gemm_operands(cfg, s, 4, "normal:20").a.data != ops.a.data);
  for (const char* bad : {"normal:", "normal:abc", "normal:-1", "normal:0", "normal:5x"})
    CHECK_THROWS_WITH(make_gemm_operands(cfg, s, 3, bad), Catch::Contains("allowed: a number in (0, 1e6]"));
  CHECK_THROWS_WITH(make_gemm_operands(cfg, s, 3, "gaussian"), Catch::Contains("normal:SIGMA"));
}
