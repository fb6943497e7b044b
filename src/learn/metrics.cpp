#include "learn/metrics.hpp"

namespace atrium::learn {

Metrics::Metrics(db::Database& database, Clock& clock, MetricsWriterOptions options)
    : clock_(clock), writer_(database, clock, options) {}

void Metrics::on_complete(const http::Request& request, int status,
                          std::chrono::nanoseconds elapsed) {
  const std::string_view route =
      request.route_template.empty() ? kUnmatchedRoute : std::string_view(request.route_template);
  const auto [endpoint, method] =
      requests_.observe(route, normalize_method(request.method), status, elapsed);
  writer_.record({endpoint, method, status,
                  std::chrono::duration<double, std::milli>(elapsed).count(), clock_.now()});
}

std::string Metrics::prometheus_text() const {
  const auto s = writer_.stats();
  std::string out = requests_.prometheus_text();
  auto counter = [&](const char* name, const char* help, std::uint64_t value) {
    out += std::string("# HELP ") + name + " " + help + "\n# TYPE " + name + " counter\n" + name +
           " " + std::to_string(value) + "\n";
  };
  counter("atrium_metrics_rows_recorded_total", "api_metrics rows accepted for writing.",
          s.recorded);
  counter("atrium_metrics_rows_written_total", "api_metrics rows written.", s.written);
  counter("atrium_metrics_rows_dropped_total",
          "api_metrics rows dropped because the writer's buffer was full.", s.dropped);
  counter("atrium_metrics_rows_failed_total", "api_metrics rows lost to failed batch writes.",
          s.failed);
  counter("atrium_metrics_rows_deleted_total", "api_metrics rows deleted by retention.", s.deleted);
  out +=
      "# HELP atrium_metrics_rows_buffered api_metrics rows waiting to be written.\n"
      "# TYPE atrium_metrics_rows_buffered gauge\natrium_metrics_rows_buffered " +
      std::to_string(s.buffered) + "\n";
  return out;
}

}  // namespace atrium::learn
