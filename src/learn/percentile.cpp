#include "learn/percentile.hpp"

#include <algorithm>

namespace atrium::learn {

std::size_t nearest_rank(std::size_t n, unsigned percent) {
  const std::size_t rank = (percent * n + 99) / 100;
  return std::clamp<std::size_t>(rank, 1, n);
}

std::optional<double> nearest_rank_percentile(std::vector<double> values, unsigned percent) {
  if (values.empty()) return std::nullopt;
  std::sort(values.begin(), values.end());
  return values[nearest_rank(values.size(), percent) - 1];
}

}  // namespace atrium::learn
