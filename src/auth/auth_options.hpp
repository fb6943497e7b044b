#pragma once
// The auth server's settings that are not in core's Config: Better Auth's defaults, the cookie
// prefix atrium lets deployments change (ATRIUM_COOKIE_PREFIX, Better Auth's
// advanced.cookiePrefix), and what tests lower (the scrypt cost, the hashing pool).

#include <chrono>
#include <cstddef>
#include <string>

#include "auth/rate_limit.hpp"
#include "auth/scrypt_hasher.hpp"
#include "core/config.hpp"

namespace atrium::auth {

// Better Auth's defaults; tests change what they need.
struct AuthOptions {
  std::string base_path = "/api/auth";
  std::string cookie_prefix = "better-auth";
  std::chrono::seconds session_expires_in{604800};  // 7 days
  std::chrono::seconds session_update_age{86400};   // refresh on read after a day
  std::chrono::seconds session_fresh_age{86400};    // list-sessions needs a session this young
  std::size_t min_password_length = 8;
  std::size_t max_password_length = 128;
  RateLimitRule rate_limit{10, 100};
  // Used when the service makes its own hasher; functional tests lower the cost.
  ScryptParams scrypt{};
  std::size_t hash_threads = 0;  // 0: one per core
  std::size_t hash_queue = 64;
};

// Better Auth's defaults with what the environment overrides. Throws ConfigError for a
// cookie prefix that cannot start a cookie name.
AuthOptions load_auth_options(const EnvLookup& env);

}  // namespace atrium::auth
