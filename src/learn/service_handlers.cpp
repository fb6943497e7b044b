// Handlers for the admin summaries, /metrics, /ready and the OpenAPI document.

#include <spdlog/spdlog.h>

#include "auth/constant_time.hpp"
#include "core/error.hpp"
#include "core/time_format.hpp"
#include "http/json.hpp"
#include "learn/learn_api.hpp"
#include "learn/metrics_store.hpp"
#include "learn/questionnaire_store.hpp"
#include "learn/validation.hpp"

#ifndef ATRIUM_VERSION
#define ATRIUM_VERSION "0.1.0"
#endif

namespace atrium::learn {
namespace {

std::optional<TimePoint> time_param(const http::Request& request, const char* name) {
  const auto text = request.query_param(name);
  if (!text) return std::nullopt;
  auto t = parse_iso8601(*text);
  if (!t) invalid(name, "Must be an ISO-8601 time such as 2026-01-31T12:00:00Z", "query");
  return t;
}

bool is_loopback(std::string_view address) {
  return address == "127.0.0.1" || address == "::1" || address == "::ffff:127.0.0.1" ||
         address.starts_with("127.");
}

double share(std::int64_t part, std::int64_t whole) {
  return whole == 0 ? 0.0 : static_cast<double>(part) / static_cast<double>(whole);
}

}  // namespace

http::Response LearnApi::questionnaire_stats(http::Request& request) {
  require_admin(request);
  auto conn = deps_.database.acquire();
  return http::json(learn::questionnaire_stats(*conn, settings_.catalog));
}

http::Response LearnApi::metrics_summary(http::Request& request) {
  require_admin(request);
  const auto now = deps_.clock.now();
  const auto since = time_param(request, "since").value_or(now - std::chrono::hours(24));
  const auto until = time_param(request, "until");
  if (until && *until <= since) invalid("until", "Must be later than since", "query");
  auto conn = deps_.database.acquire();
  boost::json::array endpoints;
  for (const auto& s : summarize_metrics(*conn, since, until)) {
    endpoints.push_back({{"endpoint", s.endpoint},
                         {"method", s.method},
                         {"count", s.count},
                         {"error_rate", share(s.server_errors, s.count)},
                         {"client_error_rate", share(s.client_errors, s.count)},
                         {"p50_ms", s.p50_ms},
                         {"p95_ms", s.p95_ms},
                         {"p99_ms", s.p99_ms},
                         {"mean_ms", s.mean_ms},
                         {"max_ms", s.max_ms}});
  }
  boost::json::object out{{"since", format_iso8601(since)},
                          {"until", until ? boost::json::value(format_iso8601(*until)) : nullptr},
                          {"endpoints", std::move(endpoints)}};
  if (metrics_) {
    const auto w = metrics_->writer().stats();
    out["writer"] = {{"recorded", w.recorded}, {"written", w.written}, {"dropped", w.dropped},
                     {"failed", w.failed},     {"deleted", w.deleted}, {"buffered", w.buffered}};
  } else {
    out["writer"] = nullptr;
  }
  return http::json(out);
}

http::Response LearnApi::prometheus(http::Request& request) {
  // Loopback means this host (a scraper beside atrium), unless a proxy on this host relays the
  // request from elsewhere.
  const bool proxied = request.header("x-forwarded-for") || request.header("forwarded");
  bool allowed = is_loopback(request.client_address) && !proxied;
  if (!allowed && !settings_.metrics_token.empty()) {
    const auto auth = request.header("authorization");
    constexpr std::string_view kBearer = "Bearer ";
    allowed =
        auth && auth->size() > kBearer.size() &&
        std::equal(kBearer.begin(), kBearer.end(), auth->begin(),
                   [](char a, char b) { return std::tolower(a) == std::tolower(b); }) &&
        atrium::auth::constant_time_equal(auth->substr(kBearer.size()), settings_.metrics_token);
  }
  if (!allowed) {
    throw Error(ErrorKind::forbidden, "FORBIDDEN",
                "Metrics are readable from loopback or with ATRIUM_METRICS_TOKEN");
  }
  std::string text = metrics_ ? metrics_->prometheus_text() : std::string();
  return http::Response::text(200, std::move(text), "text/plain; version=0.0.4; charset=utf-8");
}

http::Response LearnApi::ready(http::Request&) {
  std::string database = "ok", schema = "head";
  bool ok = true;
  try {
    auto conn = deps_.database.acquire();
    conn->query("SELECT 1");
    if (deps_.schema_check) {
      if (auto problem = deps_.schema_check(*conn)) {
        schema = *problem;
        ok = false;
      }
    } else {
      schema = "not checked";
    }
  } catch (const std::exception& e) {
    spdlog::warn("ready: database check failed: {}", e.what());
    database = "unreachable";
    schema = "unknown";
    ok = false;
  }
  boost::json::object out{
      {"status", ok ? "ready" : "not_ready"}, {"database", database}, {"schema", schema}};
  if (!ok) {
    out["message"] = "Not ready";
    out["code"] = "NOT_READY";
  }
  return http::json(ok ? 200 : 503, out);
}

http::Response LearnApi::openapi(http::Request&) {
  std::call_once(openapi_once_, [this] {
    openapi_json_ = http::stringify(build_openapi(router_->routes(), docs_, ATRIUM_VERSION));
  });
  return http::Response::json_text(200, openapi_json_);
}

}  // namespace atrium::learn
