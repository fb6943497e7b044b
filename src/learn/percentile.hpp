#pragma once
// Nearest-rank percentiles: the p-th percentile of n sorted values is the value at rank
// ceil(p·n/100) (1-based) — always an observed value, never an interpolation. The metrics
// summary computes the same rank in SQL as (p·n + 99) / 100 with integer division; these
// functions are the reference the tests hold it to.

#include <cstddef>
#include <optional>
#include <vector>

namespace atrium::learn {

// 1-based rank for percent in 1..100 and n >= 1.
std::size_t nearest_rank(std::size_t n, unsigned percent);

// nullopt for no values. Sorts a copy.
std::optional<double> nearest_rank_percentile(std::vector<double> values, unsigned percent);

}  // namespace atrium::learn
