// One-dimensional weighted k-means (Lloyd) with a seeded k-means++ start, the
// codebook fit of SqueezeLLM (which calls scikit-learn's KMeans with
// sample_weight; this is our own implementation of the same objective:
// minimize sum_i wt_i (v_i - c_{a(i)})^2).
#pragma once
#include <cstdint>
#include <vector>

namespace tpe {

struct Codebook {
  std::vector<float> centroids;  // sorted ascending, exactly `clusters` entries
  std::vector<int> assign;       // per value: index of its nearest centroid (ties: lower index)
};

// values and weights the same length n >= 1; weights >= 0. Values with zero
// weight do not pull the centroids but are still assigned. When fewer distinct
// weighted values than clusters exist, the spare centroids repeat existing ones.
Codebook weighted_kmeans_1d(const std::vector<float>& values, const std::vector<double>& weights, int clusters,
                            uint64_t seed, int max_iter = 50);

}  // namespace tpe
