#pragma once
// Request metrics: every completed request goes to the in-process Prometheus series and, as an
// api_metrics row, to the batch writer. Fed by the server's completion hook, which runs after
// the response is written, so recording never delays a response.

#include <chrono>
#include <string>

#include "core/clock.hpp"
#include "db/database.hpp"
#include "http/request.hpp"
#include "learn/metrics_writer.hpp"
#include "learn/request_metrics.hpp"

namespace atrium::learn {

class Metrics {
 public:
  Metrics(db::Database& database, Clock& clock, MetricsWriterOptions options);

  // The completion hook (http::CompletionHook's shape).
  void on_complete(const http::Request& request, int status, std::chrono::nanoseconds elapsed);

  // GET /metrics: request series plus the writer's counters.
  std::string prometheus_text() const;

  MetricsWriter& writer() { return writer_; }
  const MetricsWriter& writer() const { return writer_; }

 private:
  Clock& clock_;
  RequestMetrics requests_;
  MetricsWriter writer_;
};

}  // namespace atrium::learn
