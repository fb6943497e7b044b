#pragma once
// The auth server's settings that are not in core's Config: Better Auth's defaults, the cookie
// prefix atrium lets deployments change (ATRIUM_COOKIE_PREFIX, Better Auth's
// advanced.cookiePrefix), and what tests lower (the scrypt cost, the hashing pool).

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>

#include "auth/rate_limit.hpp"
#include "auth/scrypt_hasher.hpp"
#include "core/config.hpp"
#include "db/read_batcher.hpp"

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
  // Each queued hash holds a worker while it waits — one of the long-running routes' own
  // (http::RouteOptions::long_running), so a sign-in flood never takes the workers of other
  // requests. serve sizes that lane from the default shape (threads + 1 workers, a queue as
  // long as this one), so there a flood gets its 503 from the lane's full queue; this queue's
  // own 503 answers when the pool is configured smaller than the lane. 0: four per hashing
  // thread.
  std::size_t hash_queue = 0;
  // get-session's session reads go together: on PostgreSQL (outside a transaction pooler)
  // those that arrive while others are on their way share a pipelined round trip
  // (db::ReadBatcher, session_read_batches); on SQLite those a socket thread read in one turn
  // share a read transaction (db::GroupedReads). Off, each reads alone.
  bool batch_session_reads = true;
  db::ReadBatcherOptions session_read_batches{};

  // The account flows (Better Auth's emailVerification, emailAndPassword, user.changeEmail,
  // user.deleteUser). atrium always has a mailer, so sending verification and reset e-mails is
  // on; what Better Auth leaves off by default stays off.
  bool require_email_verification = false;  // ATRIUM_REQUIRE_EMAIL_VERIFICATION
  // Unset: whatever require_email_verification says (Better Auth's sendOnSignUp ??
  // requireEmailVerification), so requiring verification also sends the first link.
  std::optional<bool> send_verification_on_sign_up;  // ATRIUM_SEND_VERIFICATION_ON_SIGN_UP
  bool send_verification_on_sign_in = false;         // ATRIUM_SEND_VERIFICATION_ON_SIGN_IN
  bool auto_sign_in_after_verification = false;      // ATRIUM_AUTO_SIGN_IN_AFTER_VERIFICATION
  std::chrono::seconds verification_token_expires_in{3600};    // ATRIUM_VERIFICATION_TOKEN_TTL
  std::chrono::seconds reset_password_token_expires_in{3600};  // ATRIUM_RESET_PASSWORD_TOKEN_TTL
  bool revoke_sessions_on_password_reset = false;       // ATRIUM_REVOKE_SESSIONS_ON_PASSWORD_RESET
  bool change_email_enabled = false;                    // ATRIUM_CHANGE_EMAIL
  bool update_email_without_verification = false;       // ATRIUM_UPDATE_EMAIL_WITHOUT_VERIFICATION
  bool send_change_email_confirmation = false;          // ATRIUM_CHANGE_EMAIL_CONFIRMATION
  bool delete_user_enabled = false;                     // ATRIUM_DELETE_USER
  bool delete_user_verification = false;                // ATRIUM_DELETE_USER_VERIFICATION
  std::chrono::seconds delete_token_expires_in{86400};  // ATRIUM_DELETE_USER_TOKEN_TTL
  bool allow_unlinking_all = false;                     // ATRIUM_ALLOW_UNLINKING_ALL
};

// Better Auth's defaults with what the environment overrides. Throws ConfigError for a
// cookie prefix that cannot start a cookie name.
AuthOptions load_auth_options(const EnvLookup& env);

}  // namespace atrium::auth
