#pragma once
// The "verification" table (identifier -> value until expiresAt), Better Auth's semantics:
// lookups take the newest row, consumption deletes it atomically (and older rows with the
// same identifier), expired rows count as absent and are swept.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "auth/model.hpp"
#include "db/connection.hpp"

namespace atrium::auth {

void insert_verification(db::Connection& conn, const Verification& v);

// Better Auth sweeps expired rows from inside its lookups, at most once a minute per process
// (VERIFICATION_CLEANUP_INTERVAL_MS), so the table does not grow with tokens nobody used.
class VerificationCleanup {
 public:
  static constexpr std::chrono::milliseconds kInterval{60000};
  // True at most once per interval: the caller that gets it sweeps.
  bool due(TimePoint now);

 private:
  std::atomic<std::int64_t> next_ms_{0};
};

// The process's throttle, shared by every lookup that does not bring its own.
VerificationCleanup& process_verification_cleanup();

// The newest unexpired row for the identifier; when the cleanup is due, expired rows of every
// identifier are deleted first.
std::optional<Verification> find_verification(db::Connection& conn, const std::string& identifier,
                                              TimePoint now);
std::optional<Verification> find_verification(db::Connection& conn, const std::string& identifier,
                                              TimePoint now, VerificationCleanup& cleanup);

// Deletes every row with the identifier and returns the newest one if it had not expired;
// of two concurrent consumers only one gets it.
std::optional<Verification> consume_verification(db::Connection& conn,
                                                 const std::string& identifier, TimePoint now);

std::int64_t delete_expired_verifications(db::Connection& conn, TimePoint now);

}  // namespace atrium::auth
