// Least-squares fit of per-action energies (hw/energy/energy_fit): recovers known
// coefficients, clamps negative ones, refuses what the runs cannot separate.
#include <catch2/catch.hpp>

#include <stdexcept>

#include "hw/energy/energy_fit.hpp"

using tpe::hw::fit_action_energies;

TEST_CASE("energy fit: recovers the per-action energies that made the runs", "[energy][fit]") {
  // Counts of very different magnitudes (MACs, bit toggles, read-outs).
  const std::vector<std::vector<double>> counts = {
      {720896, 3.1e6, 5.9e6}, {720896, 0, 12000}, {45056, 4.0e5, 1.2e6}, {90000, 2.2e6, 1.0e6}};
  const std::vector<double> e = {1.4754, 4.6804, 0.2141};
  std::vector<double> energy;
  for (const auto& row : counts) energy.push_back(row[0] * e[0] + row[1] * e[1] + row[2] * e[2]);
  const auto fit = fit_action_energies(counts, energy);
  for (size_t k = 0; k < e.size(); ++k) {
    CHECK(fit.per_action[k] == Approx(e[k]).epsilon(1e-9));
    CHECK_FALSE(fit.clamped[k]);
  }
  for (double r : fit.residual) CHECK(std::abs(r) < 1e-3);
}

TEST_CASE("energy fit: an action that would come out negative is clamped to zero", "[energy][fit]") {
  // Energy falls as action 1 grows: the unconstrained fit gives it < 0.
  const std::vector<std::vector<double>> counts = {{100, 0}, {100, 50}, {200, 10}};
  const std::vector<double> energy = {100, 90, 199};
  const auto fit = fit_action_energies(counts, energy);
  CHECK(fit.clamped[1]);
  CHECK(fit.per_action[1] == 0.0);
  CHECK_FALSE(fit.clamped[0]);
  // With action 1 gone: least squares of e0 over (100,100,200) vs (100,90,199).
  CHECK(fit.per_action[0] == Approx((100.0 * 100 + 100 * 90 + 200 * 199) / (100.0 * 100 + 100 * 100 + 200 * 200)));
}

TEST_CASE("energy fit: refuses runs that cannot tell the actions apart", "[energy][fit]") {
  CHECK_THROWS_AS(fit_action_energies({{1, 2}, {2, 4}}, {3, 6}), std::invalid_argument);  // proportional columns
  CHECK_THROWS_AS(fit_action_energies({{1, 0}, {2, 0}}, {3, 6}), std::invalid_argument);  // an action in no run
  CHECK_THROWS_AS(fit_action_energies({{1, 0}}, {3, 6}), std::invalid_argument);          // one energy per run
}
