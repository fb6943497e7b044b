#pragma once
// In-process request counters and latency histograms per route template and method, exposed
// at GET /metrics in Prometheus' text format. Each atrium process reports its own; Prometheus
// sums across processes. Label values come from the route table (and a fixed method set), so
// a client cannot grow the number of series.

#include <array>
#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <string_view>

namespace atrium::learn {

// What requests that matched no route are recorded under.
inline constexpr std::string_view kUnmatchedRoute = "unmatched";

// GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS as given; anything else is "OTHER".
std::string_view normalize_method(std::string_view method);

class RequestMetrics {
 public:
  // Upper bounds of the latency buckets, in seconds (+Inf is implicit).
  static constexpr std::array<double, 14> kBuckets = {
      0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

  // Returns the series' own copies of route and method, which live as long as this object
  // (series are never removed), for the caller to keep instead of copying.
  std::pair<std::string_view, std::string_view> observe(std::string_view route,
                                                        std::string_view method, int status,
                                                        std::chrono::nanoseconds elapsed);

  // The exposition text of the request series (counters and histograms).
  std::string prometheus_text() const;

 private:
  struct Series {
    mutable std::mutex mutex;
    std::map<int, std::uint64_t> by_status;
    std::array<std::uint64_t, kBuckets.size() + 1> buckets{};  // non-cumulative; last is +Inf
    double sum_seconds = 0;
    std::uint64_t count = 0;
  };
  using Key = std::pair<std::string, std::string>;
  std::pair<const Key*, Series*> series(std::string_view route, std::string_view method);

  // Orders (route, method) pairs of strings and string views alike, so lookups need no copy.
  struct KeyLess {
    using is_transparent = void;
    template <class A, class B>
    bool operator()(const A& a, const B& b) const {
      const int c = std::string_view(a.first).compare(std::string_view(b.first));
      return c < 0 || (c == 0 && std::string_view(a.second) < std::string_view(b.second));
    }
  };

  mutable std::shared_mutex mutex_;
  std::map<std::pair<std::string, std::string>, std::unique_ptr<Series>, KeyLess> series_;
};

// Escapes a label value (backslash, double quote, newline) for the text format.
std::string prometheus_label(std::string_view value);

}  // namespace atrium::learn
