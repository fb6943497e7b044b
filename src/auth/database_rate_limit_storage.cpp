#include "auth/database_rate_limit_storage.hpp"

#include <spdlog/spdlog.h>

namespace atrium::auth {
namespace {

// Rows idle for longer than the longest window (60 s, the password-reset rules) count for
// nothing; they are deleted at most once a minute per process.
constexpr std::int64_t kLongestWindowMs = 60'000;

}  // namespace

DatabaseRateLimitStorage::DatabaseRateLimitStorage(db::Database& database, RandomSource& random)
    : database_(database), random_(random) {}

RateLimitDecision DatabaseRateLimitStorage::consume(const std::string& key,
                                                    const RateLimitRule& rule,
                                                    std::int64_t now_ms) {
  // Better Auth's decideConsume in one statement: a new key or an elapsed window starts over
  // at 1; under the maximum the count goes up; at the maximum the WHERE fails, the row is left
  // alone and nothing is returned.
  static const char* upsert = R"(INSERT INTO "rateLimit" ("id", "key", "count", "lastRequest")
VALUES ($1, $2, 1, $3)
ON CONFLICT ("key") DO UPDATE SET
  "count" = CASE WHEN $3 - "rateLimit"."lastRequest" >= $4 THEN 1
                 ELSE "rateLimit"."count" + 1 END,
  "lastRequest" = $3
WHERE $3 - "rateLimit"."lastRequest" >= $4 OR "rateLimit"."count" < $5
RETURNING "count")";
  static const char* last = R"(SELECT "lastRequest" FROM "rateLimit" WHERE "key" = $1)";
  const std::int64_t window_ms = rule.window_seconds * 1000;
  auto lease = database_.acquire();
  for (int attempt = 0; attempt < 3; ++attempt) {
    const auto r = lease->query(upsert, {generate_id(random_), key, now_ms, window_ms,
                                         static_cast<std::int64_t>(rule.max)});
    if (!r.empty()) {
      if (r[0].integer(0) == 1) sweep(*lease, now_ms);
      return {};
    }
    const auto row = lease->query(last, {key});
    if (row.empty()) continue;  // swept between the two statements: try again
    const auto retry = retry_after_seconds(row[0].integer(0), rule.window_seconds, now_ms);
    if (retry > 0) return {false, retry};
    // The window ended between the two statements (another process reset it): try again.
  }
  return {false, 1};
}

void DatabaseRateLimitStorage::sweep(db::Connection& conn, std::int64_t now_ms) {
  auto due = next_sweep_ms_.load();
  if (now_ms < due || !next_sweep_ms_.compare_exchange_strong(due, now_ms + kLongestWindowMs)) {
    return;
  }
  try {
    conn.execute(R"(DELETE FROM "rateLimit" WHERE "lastRequest" < $1)",
                 {now_ms - kLongestWindowMs});
  } catch (const std::exception& e) {
    // Pruning is housekeeping; a failure must not turn an allowed request into an error.
    spdlog::warn("rate limit: pruning old rows failed: {}", e.what());
  }
}

}  // namespace atrium::auth
