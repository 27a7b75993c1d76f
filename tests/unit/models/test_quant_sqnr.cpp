// Accuracy floor of every registered scheme: SQNR (dB) of the scheme's output
// against the exact product (long double) of the UNQUANTIZED fp32 operands,
// on seeded Gaussian data (M=16, K=400 -- not a multiple of 128 -- N=64) with
// three activation outlier columns at 20x. Thresholds sit 2-2.5 dB below the
// values measured when the scheme was written (listed next to each), so a
// regression fails while the seeds stay fixed.
#include <catch2/catch.hpp>

#include <cstdio>
#include <map>

#include "models/quant/quant_scheme.hpp"
#include "tests/unit/models/quant_test_data.hpp"

using namespace tpe;

namespace {
// name -> minimum SQNR in dB.
const std::map<std::string, double>& thresholds() {
  static const std::map<std::string, double> t = {
      {"fp32", 126.0},  // measured 128.39
      {"rtn-w8-tensor", 35.5},  // measured 37.93
      {"rtn-w8-channel", 40.5},  // measured 42.69
      {"rtn-w4-tensor", 10.5},  // measured 12.63
      {"rtn-w4-channel", 14.5},  // measured 16.81
      {"rtn-w8-g32", 43.5},  // measured 45.79
      {"rtn-w8-g32-asym", 44.5},  // measured 46.89
      {"rtn-w8-g64", 42.5},  // measured 44.70
      {"rtn-w8-g64-asym", 43.5},  // measured 45.90
      {"rtn-w8-g128", 42.0},  // measured 44.09
      {"rtn-w8-g128-asym", 42.5},  // measured 44.53
      {"rtn-w4-g32", 18.0},  // measured 20.36
      {"rtn-w4-g32-asym", 19.5},  // measured 21.94
      {"rtn-w4-g64", 16.5},  // measured 18.98
      {"rtn-w4-g64-asym", 18.5},  // measured 20.70
      {"rtn-w4-g128", 16.0},  // measured 18.03
      {"rtn-w4-g128-asym", 17.5},  // measured 19.95
      {"rtn-w3-g32", 11.0},  // measured 13.06
      {"rtn-w3-g32-asym", 13.0},  // measured 15.23
      {"rtn-w3-g64", 10.0},  // measured 12.27
      {"rtn-w3-g64-asym", 12.0},  // measured 14.19
      {"rtn-w3-g128", 9.5},  // measured 11.53
      {"rtn-w3-g128-asym", 11.0},  // measured 13.05
      {"w8a8", 27.5},  // measured 29.71
      {"w4a16", 17.5},  // measured 19.95
      {"w8a8-llmint8", 39.5},  // measured 41.66
      {"w4a8", 15.5},  // measured 17.86
      {"w4a8-asym", 17.5},  // measured 19.60
      {"w4a4-comet", 14.0},  // measured 16.41
      {"w6a6", 19.5},  // measured 21.68
      {"w6a8", 27.5},  // measured 29.51
      {"ternary", 3.0},  // measured 5.32
      {"bcq-shiftadd", 10.0},  // measured 12.29
      {"lutgemm-bcq", 17.5},  // measured 19.95
      {"tmac-w4", 15.5},  // measured 17.96
      {"bf16", 51.0},  // measured 53.06
      {"fp8-e4m3", 26.5},  // measured 28.63
      {"fp8-e5m2", 20.0},  // measured 22.23
      {"lmul-fp32", 28.0},  // measured 30.42
      {"lmul-bf16", 28.0},  // measured 30.31
      {"lmul-fp8", 20.5},  // measured 22.89
      {"lmul-e5m2", 12.5},  // measured 14.94
      {"lmul-e4m4", 21.5},  // measured 23.95
      {"awq-w4-g32", 20.5},  // measured 22.35 (calibrated on seeded N(0,1) activations)
      {"gptq-w4-g32", 16.5},  // measured 18.65 (calibrated on seeded N(0,1) activations)
      {"adadim-w4-g32", 20.0},  // measured 21.94 (calibrated on seeded N(0,1) activations)
      {"mixllm-w4w8-g32", 20.5},  // measured 22.49 (calibrated on seeded N(0,1) activations)
      {"awq-w4-g128", 18.0},  // measured 20.09 (calibrated on seeded N(0,1) activations)
      {"gptq-w4-g128", 14.5},  // measured 16.40 (calibrated on seeded N(0,1) activations)
      {"adadim-w4-g128", 17.0},  // measured 19.24 (calibrated on seeded N(0,1) activations)
      {"mixllm-w4w8-g128", 18.5},  // measured 20.52 (calibrated on seeded N(0,1) activations)
      {"pic-w4-g32", 19.0},  // measured 20.95 (calibrated on seeded N(0,1) activations)
      {"mixllm-local-w4w8-g32", 20.5},  // measured 22.49 (calibrated on seeded N(0,1) activations)
      {"squeezellm-w4", 19.0},  // measured 21.25 (calibrated on seeded N(0,1) activations)
      {"squeezellm-w4-dense", 19.0},  // measured 20.93 (calibrated on seeded N(0,1) activations)
      {"fireq-w4a8fp-g128", 16.0},  // measured 17.92 (calibrated on seeded N(0,1) activations)
      {"w4a8fp-g128", 16.0},  // measured 17.99 (calibrated on seeded N(0,1) activations)

  };
  return t;
}
}  // namespace

TEST_CASE("quant sqnr: every scheme stays above its measured accuracy floor", "[quant]") {
  const Matrix<float> x = tpe_test::gaussian(16, 400, 2024, {5, 77, 250}, 20.0f);
  const Matrix<float> w = tpe_test::gaussian(64, 400, 2025, {}, 1.0f, 0.05f);
  const Matrix<float> ref = tpe_test::exact_matmul(x, w);
  for (const auto& s : all_schemes()) {
    const double db = tpe_test::sqnr_db(ref, s->prepare(w)->forward(x, reference_gemm_engine()));
    std::printf("SQNR %-22s %7.2f dB\n", s->name().c_str(), db);
    INFO(s->name() << " SQNR " << db << " dB");
    auto it = thresholds().find(s->name());
    REQUIRE(it != thresholds().end());  // every registered scheme needs a floor
    CHECK(db >= it->second);
  }
}
