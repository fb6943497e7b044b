// Request metrics (rows, summary, Prometheus, retention), /ready, the OpenAPI document, CORS.

#include <chrono>
#include <set>
#include <thread>

#include "core/time_format.hpp"
#include "learn/metrics_store.hpp"
#include "learn/percentile.hpp"
#include "learn_fixture.hpp"

namespace atrium::learn::testing {
namespace {

class Service : public LearnFixture {};

TEST_F(Service, EveryRequestIsRecordedUnderItsRouteTemplate) {
  const auto u = sign_up("metered@example.com");
  const auto s = parse(send("POST", "/api/chat/sessions", "", u.bearer()).body);
  const std::string id(s.at("session_id").as_string());
  ASSERT_EQ(get("/api/chat/sessions/" + id, u.bearer()).status, 200);
  ASSERT_EQ(get("/api/chat/sessions/00000000-0000-4000-8000-000000000000", u.bearer()).status, 404);
  ASSERT_EQ(get("/no/such/path").status, 404);
  flush_metrics(5);

  auto conn = database_->acquire();
  const auto rows = conn->query(
      "SELECT endpoint, method, status_code, response_time_ms FROM api_metrics "
      "ORDER BY metric_id");
  std::multiset<std::string> seen;
  for (const auto& r : rows) {
    seen.insert(r.text("method") + " " + r.text("endpoint") + " " +
                std::to_string(r.integer("status_code")));
    EXPECT_GE(r.real("response_time_ms"), 0.0);
    EXPECT_EQ(r.text("endpoint").find(id), std::string::npos) << "raw path recorded";
  }
  EXPECT_EQ(seen.count("POST /api/auth/sign-up/email 200"), 1u);
  EXPECT_EQ(seen.count("POST /api/chat/sessions 201"), 1u);
  EXPECT_EQ(seen.count("GET /api/chat/sessions/{id} 200"), 1u);
  EXPECT_EQ(seen.count("GET /api/chat/sessions/{id} 404"), 1u);
  EXPECT_EQ(seen.count("GET unmatched 404"), 1u);
  EXPECT_EQ(api_->metrics()->writer().stats().dropped, 0u);
}

TEST_F(Service, SummaryPercentilesAreNearestRank) {
  const auto admin = sign_up(kAdminEmail, "Admin");
  const auto now = std::chrono::system_clock::now();
  // A known set of durations for one endpoint, shuffled; 2 of 23 are server errors.
  std::vector<double> durations;
  for (int i = 1; i <= 23; ++i) durations.push_back(i * 1.5 + (i % 3) * 0.25);
  std::vector<MetricRow> rows;
  for (std::size_t i = 0; i < durations.size(); ++i) {
    const double d = durations[(i * 7) % durations.size()];
    rows.push_back({"/bench/known", "GET", i < 2 ? 500 : (i < 5 ? 404 : 200), d, now});
  }
  rows.push_back({"/bench/known", "POST", 201, 3.0, now});
  // Outside the window: must not count.
  rows.push_back({"/bench/known", "GET", 200, 9999.0, now - std::chrono::hours(48)});
  {
    auto conn = database_->acquire();
    insert_metrics(*conn, rows);
  }
  const auto since = format_iso8601(now - std::chrono::hours(1));
  const auto reply = get("/api/admin/metrics?since=" + since, admin.bearer());
  ASSERT_EQ(reply.status, 200) << reply.body;
  const auto summary = parse(reply.body);
  const boost::json::object* get_known = nullptr;
  const boost::json::object* post_known = nullptr;
  for (const auto& e : summary.at("endpoints").as_array()) {
    if (e.at("endpoint").as_string() != "/bench/known") continue;
    (e.at("method").as_string() == "GET" ? get_known : post_known) = &e.as_object();
  }
  ASSERT_NE(get_known, nullptr) << reply.body;
  ASSERT_NE(post_known, nullptr) << reply.body;
  EXPECT_EQ(get_known->at("count").as_int64(), 23);
  EXPECT_DOUBLE_EQ(get_known->at("error_rate").to_number<double>(), 2.0 / 23);
  EXPECT_DOUBLE_EQ(get_known->at("client_error_rate").to_number<double>(), 3.0 / 23);
  EXPECT_DOUBLE_EQ(get_known->at("p50_ms").to_number<double>(),
                   *nearest_rank_percentile(durations, 50));
  EXPECT_DOUBLE_EQ(get_known->at("p95_ms").to_number<double>(),
                   *nearest_rank_percentile(durations, 95));
  EXPECT_DOUBLE_EQ(get_known->at("p99_ms").to_number<double>(),
                   *nearest_rank_percentile(durations, 99));
  EXPECT_DOUBLE_EQ(get_known->at("max_ms").to_number<double>(),
                   *nearest_rank_percentile(durations, 100));
  // Spelled out for n = 23: p50 is the 12th value, p95 the 22nd, p99 the 23rd.
  auto sorted = durations;
  std::sort(sorted.begin(), sorted.end());
  EXPECT_DOUBLE_EQ(get_known->at("p50_ms").to_number<double>(), sorted[11]);
  EXPECT_DOUBLE_EQ(get_known->at("p95_ms").to_number<double>(), sorted[21]);
  EXPECT_DOUBLE_EQ(get_known->at("p99_ms").to_number<double>(), sorted[22]);
  EXPECT_EQ(post_known->at("count").as_int64(), 1);
  EXPECT_DOUBLE_EQ(post_known->at("p99_ms").to_number<double>(), 3.0);

  // A window that ends before the rows sees none of them.
  const auto until = format_iso8601(now - std::chrono::minutes(30));
  const auto early =
      parse(get("/api/admin/metrics?since=" + since + "&until=" + until, admin.bearer()).body);
  for (const auto& e : early.at("endpoints").as_array()) {
    EXPECT_NE(e.at("endpoint").as_string(), "/bench/known");
  }
}

TEST_F(Service, SummaryIsForAdminsWithAValidWindow) {
  const auto u = sign_up("curious@example.com");
  const auto admin = sign_up(kAdminEmail, "Admin");
  EXPECT_EQ(get("/api/admin/metrics").status, 401);
  EXPECT_EQ(get("/api/admin/metrics", u.bearer()).status, 403);
  EXPECT_EQ(get("/api/admin/metrics", admin.bearer()).status, 200);
  for (const char* bad : {"?since=yesterday", "?until=soon",
                          "?since=2026-01-02T00:00:00Z&until=2026-01-01T00:00:00Z"}) {
    const auto reply = get(std::string("/api/admin/metrics") + bad, admin.bearer());
    EXPECT_EQ(reply.status, 400) << bad;
    EXPECT_EQ(code_of(reply), "VALIDATION_ERROR") << bad;
  }
}

TEST_F(Service, PrometheusFromLoopbackOrWithTheToken) {
  ASSERT_EQ(get("/api/questionnaire").status, 200);
  flush_metrics(1);
  const auto reply = get("/metrics");
  ASSERT_EQ(reply.status, 200) << reply.body;
  EXPECT_EQ(reply.header("Content-Type").value_or("").rfind("text/plain; version=0.0.4", 0), 0u);
  EXPECT_NE(
      reply.body.find(
          R"(atrium_http_requests_total{route="/api/questionnaire",method="GET",status="200"} 1)"),
      std::string::npos)
      << reply.body;
  EXPECT_NE(
      reply.body.find(
          R"(atrium_http_request_duration_seconds_bucket{route="/api/questionnaire",method="GET",le="+Inf"} 1)"),
      std::string::npos);
  EXPECT_NE(reply.body.find("# TYPE atrium_http_request_duration_seconds histogram"),
            std::string::npos);
  EXPECT_NE(reply.body.find("atrium_metrics_rows_dropped_total 0"), std::string::npos);

  // Relayed by a proxy on this host: not loopback any more.
  const HeaderList proxied = {{"X-Forwarded-For", "203.0.113.9"}};
  EXPECT_EQ(get("/metrics", proxied).status, 403);
  HeaderList wrong = proxied;
  wrong.emplace_back("Authorization", "Bearer not-the-token");
  EXPECT_EQ(get("/metrics", wrong).status, 403);
  HeaderList right = proxied;
  right.emplace_back("Authorization", std::string("Bearer ") + kMetricsToken);
  EXPECT_EQ(get("/metrics", right).status, 200);
}

TEST_F(Service, RetentionDeletesOldRowsOnly) {
  const auto now = std::chrono::system_clock::now();
  {
    auto conn = database_->acquire();
    const std::vector<MetricRow> rows = {
        {"/old", "GET", 200, 1.0, now - std::chrono::hours(24 * 31)},
        {"/old", "GET", 200, 1.0, now - std::chrono::hours(24 * 40)},
        {"/new", "GET", 200, 1.0, now - std::chrono::hours(24 * 29)}};
    insert_metrics(*conn, rows);
  }
  EXPECT_EQ(api_->metrics()->writer().clean_up(), 2);
  EXPECT_EQ(count("SELECT COUNT(*) FROM api_metrics WHERE endpoint = $1", {std::string("/old")}),
            0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM api_metrics WHERE endpoint = $1", {std::string("/new")}),
            1);
}

TEST_F(Service, AFullBufferDropsAndCounts) {
  ManualClock clock(std::chrono::system_clock::now());
  MetricsWriterOptions options;
  options.capacity = 3;
  options.wake_rows = 1000;  // never reached: rows wait for flush()
  options.flush_interval = std::chrono::hours(1);
  options.retention = std::chrono::hours(0);
  MetricsWriter writer(*database_, clock, options);
  int accepted = 0;
  for (int i = 0; i < 5; ++i) accepted += writer.record({"/x", "GET", 200, 1.0, clock.now()});
  EXPECT_EQ(accepted, 3);
  EXPECT_EQ(writer.stats().dropped, 2u);
  writer.flush();
  EXPECT_EQ(writer.stats().written, 3u);
  EXPECT_EQ(count("SELECT COUNT(*) FROM api_metrics WHERE endpoint = $1", {std::string("/x")}), 3);
  // Room again once written.
  EXPECT_TRUE(writer.record({"/x", "GET", 200, 1.0, clock.now()}));
}

TEST_F(Service, TheWriterWakesWhenWakeRowsAreBufferedAndTakesThemAll) {
  ManualClock clock(std::chrono::system_clock::now());
  MetricsWriterOptions options;
  options.wake_rows = 4;
  options.transaction_rows = 2;                    // the rows then go in two transactions
  options.flush_interval = std::chrono::hours(1);  // so only the wake can write them
  options.retention = std::chrono::hours(0);
  MetricsWriter writer(*database_, clock, options);
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(writer.record({"/w", "GET", 200, 1.0, clock.now()}));
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_EQ(writer.stats().written, 0u);  // three rows do not wake it
  ASSERT_TRUE(writer.record({"/w", "GET", 200, 1.0, clock.now()}));
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (writer.stats().written < 4 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  EXPECT_EQ(writer.stats().written, 4u);
  EXPECT_EQ(count("SELECT COUNT(*) FROM api_metrics WHERE endpoint = $1", {std::string("/w")}), 4);
}

TEST_F(Service, TheDefaultWakeFollowsTheDialect) {
  // PostgreSQL's writer wakes at 64 rows (short writes), SQLite's at 256 (a commit rewrites the
  // same pages whatever its number of rows).
  ManualClock clock(std::chrono::system_clock::now());
  MetricsWriterOptions options;  // wake_rows left at 0
  options.flush_interval = std::chrono::hours(1);
  options.retention = std::chrono::hours(0);
  MetricsWriter writer(*database_, clock, options);
  const std::uint64_t wake = database_->dialect() == db::Dialect::sqlite ? 256 : 64;
  for (std::uint64_t i = 0; i + 1 < wake; ++i) {
    ASSERT_TRUE(writer.record({"/d", "GET", 200, 1.0, clock.now()}));
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_EQ(writer.stats().written, 0u);  // one row short does not wake it
  ASSERT_TRUE(writer.record({"/d", "GET", 200, 1.0, clock.now()}));
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (writer.stats().written < wake && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  EXPECT_EQ(writer.stats().written, wake);
}

TEST_F(Service, ReadyWhenTheDatabaseAnswers) {
  const auto reply = get("/ready");
  ASSERT_EQ(reply.status, 200) << reply.body;
  EXPECT_EQ(parse(reply.body).at("status").as_string(), "ready");
  EXPECT_EQ(get("/health").status, 200);
}

TEST_F(Service, OpenApiDescribesExactlyTheRouterTable) {
  const auto reply = get("/api/openapi.json");
  ASSERT_EQ(reply.status, 200) << reply.body;
  const auto doc = parse(reply.body);
  EXPECT_EQ(doc.at("openapi").as_string(), "3.1.0");
  const auto& paths = doc.at("paths").as_object();
  std::set<std::string> documented, registered;
  std::set<std::string> operation_ids;
  for (const auto& [path, item] : paths) {
    for (const auto& [method, op] : item.as_object()) {
      std::string upper(method);
      std::transform(upper.begin(), upper.end(), upper.begin(), ::toupper);
      documented.insert(upper + " " + std::string(path));
      EXPECT_TRUE(operation_ids.insert(std::string(op.at("operationId").as_string())).second);
      EXPECT_FALSE(op.at("summary").as_string().empty());
      EXPECT_TRUE(op.at("responses").is_object());
    }
  }
  for (const auto& route : router_.routes())
    registered.insert(route.method + " " + route.path_template);
  EXPECT_EQ(documented, registered);
  // The auth endpoints are part of it, and parameters are declared.
  EXPECT_TRUE(registered.count("POST /api/auth/sign-up/email"));
  const auto& op = paths.at("/api/chat/sessions/{id}/messages").at("post").as_object();
  EXPECT_EQ(op.at("parameters").as_array()[0].at("name").as_string(), "id");
  EXPECT_TRUE(op.contains("requestBody"));
  // Every $ref resolves.
  const auto& schemas = doc.at("components").at("schemas").as_object();
  std::function<void(const boost::json::value&)> check_refs = [&](const boost::json::value& v) {
    if (v.is_object()) {
      for (const auto& [k, child] : v.as_object()) {
        if (k == "$ref") {
          const std::string ref(child.as_string());
          const std::string prefix = "#/components/schemas/";
          ASSERT_EQ(ref.rfind(prefix, 0), 0u) << ref;
          EXPECT_TRUE(schemas.contains(ref.substr(prefix.size()))) << ref;
        } else {
          check_refs(child);
        }
      }
    } else if (v.is_array()) {
      for (const auto& child : v.as_array()) check_refs(child);
    }
  };
  check_refs(doc);
}

TEST_F(Service, CorsForConfiguredOriginsWithCredentials) {
  const auto preflight = client_->request("OPTIONS", "/api/chat/sessions", {},
                                          {{"Origin", kAppOrigin},
                                           {"Access-Control-Request-Method", "POST"},
                                           {"Access-Control-Request-Headers", "content-type"}});
  EXPECT_EQ(preflight.status, 204);
  EXPECT_EQ(preflight.header("Access-Control-Allow-Origin"), kAppOrigin);
  EXPECT_EQ(preflight.header("Access-Control-Allow-Credentials"), "true");
  EXPECT_NE(preflight.header("Access-Control-Allow-Methods").value_or("").find("POST"),
            std::string::npos);
  EXPECT_EQ(preflight.header("Access-Control-Allow-Headers"), "content-type");

  const auto actual = get("/api/questionnaire", {{"Origin", kAppOrigin}});
  EXPECT_EQ(actual.status, 200);
  EXPECT_EQ(actual.header("Access-Control-Allow-Origin"), kAppOrigin);
  EXPECT_EQ(actual.header("Access-Control-Allow-Credentials"), "true");

  // Error answers carry them too, so the page can read the 401.
  const auto refused = get("/api/profile", {{"Origin", kAppOrigin}});
  EXPECT_EQ(refused.status, 401);
  EXPECT_EQ(refused.header("Access-Control-Allow-Origin"), kAppOrigin);
  EXPECT_EQ(code_of(refused), "UNAUTHORIZED");

  for (const char* stranger :
       {"https://evil.example.com", "null", "https://app.example.com.evil.io"}) {
    const auto reply = get("/api/questionnaire", {{"Origin", stranger}});
    EXPECT_EQ(reply.status, 200);
    EXPECT_FALSE(reply.header("Access-Control-Allow-Origin")) << stranger;
    const auto pre =
        client_->request("OPTIONS", "/api/profile", {},
                         {{"Origin", stranger}, {"Access-Control-Request-Method", "PATCH"}});
    EXPECT_FALSE(pre.header("Access-Control-Allow-Origin")) << stranger;
  }
  // The auth endpoints answer preflights too (the front end signs in cross-origin).
  const auto auth_pre =
      client_->request("OPTIONS", "/api/auth/sign-in/email", {},
                       {{"Origin", kAppOrigin}, {"Access-Control-Request-Method", "POST"}});
  EXPECT_EQ(auth_pre.status, 204);
  EXPECT_EQ(auth_pre.header("Access-Control-Allow-Origin"), kAppOrigin);
}

}  // namespace
}  // namespace atrium::learn::testing
