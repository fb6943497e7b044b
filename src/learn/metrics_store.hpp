#pragma once
// api_metrics rows: batched inserts from the metrics writer, the per-endpoint summary and the
// retention clean-up.

#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "db/connection.hpp"

namespace atrium::learn {

// endpoint and method are views: the recorder points them at strings that live as long as
// the process (RequestMetrics' interned series keys), so recording a request copies no text.
struct MetricRow {
  std::string_view endpoint;  // the route template
  std::string_view method;
  int status_code = 0;
  double response_time_ms = 0;
  TimePoint created_at;
};

// Inserts the rows in one transaction with multi-row INSERTs of at most 512 rows: few round
// trips, so the writer keeps up even when it gets little CPU (a saturated server), and few
// distinct statement shapes (powers of two), so each connection's statement cache stays small.
void insert_metrics(db::Connection& conn, std::span<const MetricRow> rows);

struct EndpointSummary {
  std::string endpoint;
  std::string method;
  std::int64_t count = 0;
  std::int64_t server_errors = 0;             // status >= 500
  std::int64_t client_errors = 0;             // 400..499
  double p50_ms = 0, p95_ms = 0, p99_ms = 0;  // nearest rank (percentile.hpp)
  double mean_ms = 0, max_ms = 0;
};

// Per endpoint and method over rows created at or after `since` (and before `until` when
// given), ordered by endpoint then method. Percentiles are computed in SQL with window
// functions, the same statement on both dialects.
std::vector<EndpointSummary> summarize_metrics(db::Connection& conn, TimePoint since,
                                               std::optional<TimePoint> until = std::nullopt);

// Deletes rows created before `cutoff`, at most `batch` per statement so a large backlog never
// holds a long lock; returns how many went.
std::int64_t delete_metrics_before(db::Connection& conn, TimePoint cutoff,
                                   std::int64_t batch = 10000);

}  // namespace atrium::learn
