#pragma once
// Rate-limit counters in this process's memory (Better Auth's "memory" storage): right for one
// process; several processes behind a load balancer need the database storage.

#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>

#include "auth/rate_limit.hpp"

namespace atrium::auth {

class MemoryRateLimitStorage final : public RateLimitStorage {
 public:
  // Beyond this many live keys the oldest are dropped, as Better Auth caps its map.
  explicit MemoryRateLimitStorage(std::size_t max_entries = 100000);

  RateLimitDecision consume(const std::string& key, const RateLimitRule& rule,
                            std::int64_t now_ms) override;

  std::size_t size() const;

 private:
  struct Entry {
    std::int64_t count = 0;
    std::int64_t last_request_ms = 0;
    std::int64_t expires_at_ms = 0;  // entries live one window past their last allowed hit
  };
  void prune(std::int64_t now_ms);

  std::size_t max_entries_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, Entry> entries_;
  std::int64_t next_prune_ms_ = 0;
};

}  // namespace atrium::auth
