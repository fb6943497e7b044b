#include "learn/metrics_store.hpp"

#include <array>
#include <iterator>
#include <string_view>

#include "db/transaction.hpp"
#include "learn/db_values.hpp"

namespace atrium::learn {
namespace {

std::string insert_sql(std::size_t rows) {
  std::string sql =
      "INSERT INTO api_metrics (endpoint, method, status_code, response_time_ms, created_at) "
      "VALUES ";
  for (std::size_t r = 0; r < rows; ++r) {
    if (r) sql += ", ";
    sql += "(";
    for (std::size_t c = 0; c < 5; ++c) {
      if (c) sql += ", ";
      sql += "$" + std::to_string(r * 5 + c + 1);
    }
    sql += ")";
  }
  return sql;
}

// Chunks are powers of two up to kMaxChunk: at most ten statement shapes per connection.
constexpr std::size_t kMaxChunk = 512;

const std::string& cached_insert_sql(std::size_t rows) {
  static const std::array<std::string, 10> kSql = [] {
    std::array<std::string, 10> a;
    for (std::size_t i = 0; i < a.size(); ++i) a[i] = insert_sql(std::size_t{1} << i);
    return a;
  }();
  std::size_t i = 0;
  while ((std::size_t{1} << (i + 1)) <= rows && i + 1 < kSql.size()) ++i;
  return kSql[i];
}

}  // namespace

void insert_metrics(db::Connection& conn, std::span<const MetricRow> rows) {
  if (rows.empty()) return;
  static constexpr std::array<std::string_view, 5> kColumns = {"endpoint", "method", "status_code",
                                                               "response_time_ms", "created_at"};
  constexpr std::size_t n = kColumns.size();
  db::Transaction tx(conn);
  std::vector<db::Value> params;
  params.reserve(rows.size() * n);
  for (const auto& r : rows) {
    params.emplace_back(std::string(r.endpoint));
    params.emplace_back(std::string(r.method));
    params.emplace_back(static_cast<std::int64_t>(r.status_code));
    params.emplace_back(r.response_time_ms);
    params.push_back(time_value(r.created_at));
  }
  // PostgreSQL's COPY where the driver has it; multi-row INSERTs otherwise (SQLite).
  if (conn.copy_rows("api_metrics", kColumns, params)) {
    tx.commit();
    return;
  }
  std::size_t done = 0;
  std::vector<db::Value> chunk_params;
  while (done < rows.size()) {
    std::size_t chunk = kMaxChunk;
    while (chunk > rows.size() - done) chunk /= 2;
    chunk_params.assign(
        std::make_move_iterator(params.begin() + static_cast<std::ptrdiff_t>(done * n)),
        std::make_move_iterator(params.begin() + static_cast<std::ptrdiff_t>((done + chunk) * n)));
    conn.execute(cached_insert_sql(chunk), chunk_params);
    done += chunk;
  }
  tx.commit();
}

std::vector<EndpointSummary> summarize_metrics(db::Connection& conn, TimePoint since,
                                               std::optional<TimePoint> until) {
  // Nearest rank: the value at 1-based rank ceil(p*n/100) = (p*n + 99) / 100 in integer
  // arithmetic, which both dialects do for integer operands. metric_id breaks ties so the
  // ranking is deterministic.
  const auto rows = conn.query(
      "WITH ranked AS (SELECT endpoint, method, status_code, response_time_ms, "
      "ROW_NUMBER() OVER (PARTITION BY endpoint, method ORDER BY response_time_ms, metric_id) "
      "AS rn, COUNT(*) OVER (PARTITION BY endpoint, method) AS n FROM api_metrics "
      "WHERE created_at >= $1 AND ($2 = 0 OR created_at < $3)) "
      "SELECT endpoint, method, COUNT(*) AS requests, "
      "SUM(CASE WHEN status_code >= 500 THEN 1 ELSE 0 END) AS server_errors, "
      "SUM(CASE WHEN status_code >= 400 AND status_code < 500 THEN 1 ELSE 0 END) "
      "AS client_errors, "
      "MAX(CASE WHEN rn = (50 * n + 99) / 100 THEN response_time_ms END) AS p50, "
      "MAX(CASE WHEN rn = (95 * n + 99) / 100 THEN response_time_ms END) AS p95, "
      "MAX(CASE WHEN rn = (99 * n + 99) / 100 THEN response_time_ms END) AS p99, "
      "AVG(response_time_ms) AS mean, MAX(response_time_ms) AS max "
      "FROM ranked GROUP BY endpoint, method ORDER BY endpoint, method",
      {precise_time_value(conn.dialect(), since), std::int64_t{until ? 1 : 0},
       precise_time_value(conn.dialect(), until.value_or(since))});
  std::vector<EndpointSummary> out;
  for (const auto& r : rows) {
    EndpointSummary s;
    s.endpoint = r.text("endpoint");
    s.method = r.text("method");
    s.count = r.integer("requests");
    s.server_errors = r.integer("server_errors");
    s.client_errors = r.integer("client_errors");
    s.p50_ms = r.real("p50");
    s.p95_ms = r.real("p95");
    s.p99_ms = r.real("p99");
    s.mean_ms = r.real("mean");
    s.max_ms = r.real("max");
    out.push_back(std::move(s));
  }
  return out;
}

std::int64_t delete_metrics_before(db::Connection& conn, TimePoint cutoff, std::int64_t batch) {
  std::int64_t total = 0;
  for (;;) {
    const auto n = conn.execute(
        "DELETE FROM api_metrics WHERE metric_id IN (SELECT metric_id FROM api_metrics "
        "WHERE created_at < $1 ORDER BY metric_id LIMIT $2)",
        {precise_time_value(conn.dialect(), cutoff), batch});
    total += n;
    if (n < batch) return total;
  }
}

}  // namespace atrium::learn
