#pragma once
// The "verification" table (identifier -> value until expiresAt), Better Auth's semantics:
// lookups take the newest row, consumption deletes it atomically (and older rows with the
// same identifier), expired rows count as absent and are swept.

#include <optional>
#include <string>

#include "auth/model.hpp"
#include "db/connection.hpp"

namespace atrium::auth {

void insert_verification(db::Connection& conn, const Verification& v);

// The newest unexpired row for the identifier.
std::optional<Verification> find_verification(db::Connection& conn, const std::string& identifier,
                                              TimePoint now);

// Deletes every row with the identifier and returns the newest one if it had not expired;
// of two concurrent consumers only one gets it.
std::optional<Verification> consume_verification(db::Connection& conn,
                                                 const std::string& identifier, TimePoint now);

std::int64_t delete_expired_verifications(db::Connection& conn, TimePoint now);

}  // namespace atrium::auth
