#include "auth/memory_rate_limit_storage.hpp"

namespace atrium::auth {

MemoryRateLimitStorage::MemoryRateLimitStorage(std::size_t max_entries)
    : max_entries_(max_entries) {}

std::size_t MemoryRateLimitStorage::size() const {
  std::lock_guard lock(mutex_);
  return entries_.size();
}

void MemoryRateLimitStorage::prune(std::int64_t now_ms) {
  // Better Auth scans the whole map on every request; once a second is enough to keep memory
  // bounded, and the expiry check in consume keeps the answers identical.
  if (now_ms < next_prune_ms_ && entries_.size() <= max_entries_) return;
  next_prune_ms_ = now_ms + 1000;
  std::erase_if(entries_, [&](const auto& kv) { return now_ms >= kv.second.expires_at_ms; });
  while (entries_.size() > max_entries_) entries_.erase(entries_.begin());
}

RateLimitDecision MemoryRateLimitStorage::consume(const std::string& key, const RateLimitRule& rule,
                                                  std::int64_t now_ms) {
  const std::int64_t window_ms = rule.window_seconds * 1000;
  std::lock_guard lock(mutex_);
  prune(now_ms);
  auto it = entries_.find(key);
  const bool live = it != entries_.end() && now_ms < it->second.expires_at_ms;
  if (!live || now_ms - it->second.last_request_ms >= window_ms) {
    entries_[key] = Entry{1, now_ms, now_ms + window_ms};
    return {};
  }
  Entry& e = it->second;
  if (e.count >= rule.max) {
    return {false, retry_after_seconds(e.last_request_ms, rule.window_seconds, now_ms)};
  }
  e.count += 1;
  e.last_request_ms = now_ms;
  e.expires_at_ms = now_ms + window_ms;
  return {};
}

}  // namespace atrium::auth
