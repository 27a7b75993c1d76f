// Energies per action from whole-run energies: least squares over runs,
// energy_r = sum_k count_{r,k} x e_k, with every e_k >= 0 (an action never
// gives energy back). Small dense problems: a handful of runs and actions.
#pragma once
#include <string>
#include <vector>

namespace tpe::hw {

struct EnergyFit {
  std::vector<double> per_action;  // e_k, same order as the columns
  std::vector<double> residual;    // energy_r - fitted, per run
  std::vector<bool> clamped;       // e_k forced to 0 (the unconstrained fit was negative)
};

// `counts[r][k]`: how many of action k run r did; `energy[r]`: its energy.
// Throws std::invalid_argument on ragged input or when a column is all zero.
EnergyFit fit_action_energies(const std::vector<std::vector<double>>& counts, const std::vector<double>& energy);

}  // namespace tpe::hw
