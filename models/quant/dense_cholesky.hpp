// Small dense symmetric positive-definite algebra in double for GPTQ's inverse
// Hessian (K <= a few thousand). Eigen is not a dependency of the project; these
// are the textbook algorithms (Golub & Van Loan 4.2), row-major n x n.
#pragma once
#include <vector>

namespace tpe {

// In place: a = L with A = L L^T (lower triangle; the upper is zeroed).
// Returns false, leaving `a` undefined, when A is not positive definite.
bool cholesky_lower(std::vector<double>& a, int n);
// A^{-1} from A's Cholesky factor L (as cholesky_lower leaves it).
std::vector<double> inverse_from_cholesky(const std::vector<double>& l, int n);
// U upper-triangular with A = U^T U (torch.linalg.cholesky(A, upper=True)).
// Returns false when A is not positive definite.
bool cholesky_upper(std::vector<double>& a, int n);

}  // namespace tpe
