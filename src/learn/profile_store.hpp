#pragma once
// user_profiles rows. Every function takes the connection it runs on, so a caller can make it
// part of a larger transaction (sign-up creates the profile inside its own transaction).

#include <optional>
#include <string>

#include "core/clock.hpp"
#include "db/connection.hpp"
#include "learn/profile.hpp"
#include "learn/profile_patch.hpp"

namespace atrium::learn {

// Inserts an empty profile unless the user has one. The user row must exist (foreign key).
void create_profile(db::Connection& conn, const std::string& user_id, TimePoint now);

std::optional<Profile> find_profile(db::Connection& conn, const std::string& user_id);

// The user's profile, created on first access for users that predate atrium (made by Better
// Auth before the switch).
Profile get_or_create_profile(db::Connection& conn, const std::string& user_id, TimePoint now);

// Applies a validated patch in one transaction (nested as a savepoint when the caller has one
// open) and returns the stored result. `completed_at` set marks the questionnaire completed.
Profile update_profile(db::Connection& conn, const std::string& user_id, const ProfilePatch& patch,
                       TimePoint now, std::optional<TimePoint> completed_at = std::nullopt);

// Takes the row's write lock (PostgreSQL: row lock until commit; SQLite: the transaction
// already holds the database's), creating the row when missing, so that read-modify-write
// sequences on one user's data serialise. Call inside a transaction.
void lock_profile(db::Connection& conn, const std::string& user_id, TimePoint now);

}  // namespace atrium::learn
