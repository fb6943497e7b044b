#include "learn/request_metrics.hpp"

#include <algorithm>
#include <charconv>

namespace atrium::learn {
namespace {

std::string number(double d, std::chars_format format = std::chars_format::general) {
  char buf[64];
  auto [ptr, ec] = std::to_chars(buf, buf + sizeof buf, d, format);
  return std::string(buf, ptr);
}

}  // namespace

std::string_view normalize_method(std::string_view method) {
  static constexpr std::array<std::string_view, 7> kKnown = {"GET",   "HEAD",   "POST",   "PUT",
                                                             "PATCH", "DELETE", "OPTIONS"};
  for (auto m : kKnown) {
    // cppcheck-suppress returnDanglingLifetime ; m views a string literal, not the array
    if (m == method) return m;
  }
  return "OTHER";
}

std::string prometheus_label(std::string_view value) {
  std::string out;
  for (char c : value) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '"') {
      out += "\\\"";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out.push_back(c);
    }
  }
  return out;
}

std::pair<const RequestMetrics::Key*, RequestMetrics::Series*> RequestMetrics::series(
    std::string_view route, std::string_view method) {
  const std::pair<std::string_view, std::string_view> key{route, method};
  {
    std::shared_lock lock(mutex_);
    auto found = series_.find(key);
    if (found != series_.end()) return {&found->first, found->second.get()};
  }
  std::unique_lock lock(mutex_);
  auto [it, inserted] = series_.try_emplace(Key(route, method));
  if (inserted) it->second = std::make_unique<Series>();
  return {&it->first, it->second.get()};
}

std::pair<std::string_view, std::string_view> RequestMetrics::observe(
    std::string_view route, std::string_view method, int status, std::chrono::nanoseconds elapsed) {
  if (route.empty()) route = kUnmatchedRoute;
  auto [key, series_ptr] = series(route, normalize_method(method));
  auto& s = *series_ptr;
  const double seconds = std::chrono::duration<double>(elapsed).count();
  const auto bucket = static_cast<std::size_t>(
      std::lower_bound(kBuckets.begin(), kBuckets.end(), seconds) - kBuckets.begin());
  std::lock_guard lock(s.mutex);
  ++s.by_status[status];
  ++s.buckets[bucket];
  s.sum_seconds += seconds;
  ++s.count;
  return {key->first, key->second};
}

std::string RequestMetrics::prometheus_text() const {
  std::string counters =
      "# HELP atrium_http_requests_total HTTP requests by route template, method and status.\n"
      "# TYPE atrium_http_requests_total counter\n";
  std::string histograms =
      "# HELP atrium_http_request_duration_seconds Time from a complete request to its written "
      "response.\n"
      "# TYPE atrium_http_request_duration_seconds histogram\n";
  std::shared_lock lock(mutex_);
  for (const auto& [key, series] : series_) {
    const std::string labels = "route=\"" + prometheus_label(key.first) + "\",method=\"" +
                               prometheus_label(key.second) + "\"";
    std::lock_guard series_lock(series->mutex);
    for (const auto& [status, n] : series->by_status) {
      counters += "atrium_http_requests_total{" + labels + ",status=\"" + std::to_string(status) +
                  "\"} " + std::to_string(n) + "\n";
    }
    std::uint64_t cumulative = 0;
    for (std::size_t i = 0; i <= kBuckets.size(); ++i) {
      cumulative += series->buckets[i];
      // Bounds in plain decimals ("0.0005", not "5e-04"), as client libraries write them.
      const std::string le =
          i < kBuckets.size() ? number(kBuckets[i], std::chars_format::fixed) : "+Inf";
      histograms.append("atrium_http_request_duration_seconds_bucket{").append(labels);
      histograms.append(",le=\"").append(le).append("\"} ");
      histograms.append(std::to_string(cumulative)).append("\n");
    }
    histograms += "atrium_http_request_duration_seconds_sum{" + labels + "} " +
                  number(series->sum_seconds) + "\n";
    histograms += "atrium_http_request_duration_seconds_count{" + labels + "} " +
                  std::to_string(series->count) + "\n";
  }
  return counters + histograms;
}

}  // namespace atrium::learn
