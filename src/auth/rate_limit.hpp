#pragma once
// Better Auth's rate limiter (api/rate-limiter/index.mjs): per "<ip>|<path>" key, a window and
// a maximum, stricter rules for the credential endpoints, the same consume logic whatever the
// storage, and its own 429.

#include <cstdint>
#include <string>
#include <string_view>

namespace atrium::auth {

struct RateLimitRule {
  std::int64_t window_seconds = 10;
  std::int64_t max = 100;
};

// The path Better Auth keys on: the request path without the base path and trailing slashes
// ("/api/auth/sign-in/email/" -> "/sign-in/email").
std::string rate_limit_path(std::string_view request_path, std::string_view base_path);

// The default rule, overridden by the built-in special rules for that path.
RateLimitRule rate_limit_rule_for(std::string_view path, RateLimitRule defaults = {});

// "<ip>|<path>"; Better Auth's shared "no-trusted-ip" bucket when no address is known.
std::string rate_limit_key(std::string_view ip, std::string_view path);

struct RateLimitDecision {
  bool allowed = true;
  std::int64_t retry_after_seconds = 0;  // set when refused
};

// ceil((last_request + window - now) / 1 s), the X-Retry-After value.
std::int64_t retry_after_seconds(std::int64_t last_request_ms, std::int64_t window_seconds,
                                 std::int64_t now_ms);

// Where the counters live. `now_ms` comes from the service's clock so tests can move time.
class RateLimitStorage {
 public:
  virtual ~RateLimitStorage() = default;
  virtual RateLimitDecision consume(const std::string& key, const RateLimitRule& rule,
                                    std::int64_t now_ms) = 0;
};

// The 429 body, byte for byte.
inline constexpr std::string_view kRateLimitBody =
    R"({"message":"Too many requests. Please try again later."})";

}  // namespace atrium::auth
