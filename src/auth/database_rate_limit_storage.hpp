#pragma once
// Rate-limit counters in the rateLimit table (revision d4a7f9b1c536, Better Auth's
// rateLimit.storage = "database"), so several atrium processes behind a load balancer
// enforce one limit. Each consume is one atomic upsert: the decision and the update happen in
// the same statement, so concurrent processes cannot both take the last slot.

#include <atomic>
#include <cstdint>
#include <string>

#include "auth/rate_limit.hpp"
#include "core/random.hpp"
#include "db/database.hpp"

namespace atrium::auth {

class DatabaseRateLimitStorage final : public RateLimitStorage {
 public:
  DatabaseRateLimitStorage(db::Database& database, RandomSource& random);

  RateLimitDecision consume(const std::string& key, const RateLimitRule& rule,
                            std::int64_t now_ms) override;

 private:
  void sweep(db::Connection& conn, std::int64_t now_ms);

  db::Database& database_;
  RandomSource& random_;
  std::atomic<std::int64_t> next_sweep_ms_{0};
};

}  // namespace atrium::auth
