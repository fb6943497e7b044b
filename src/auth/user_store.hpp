#pragma once
// The "user" table. Every function takes the connection it runs on so callers can group
// statements in one transaction (sign-up).

#include <optional>
#include <string>

#include "auth/model.hpp"
#include "db/connection.hpp"

namespace atrium::auth {

// By the already lower-cased address.
std::optional<User> find_user_by_email(db::Connection& conn, const std::string& email);
std::optional<User> find_user_by_id(db::Connection& conn, const std::string& id);

// The user and the password of its credential account (providerId "credential" and
// accountId == user id, as sign-in requires), in one round trip. `has_credential` is false
// when there is no such account; `password` may still be empty when the account has none.
struct UserWithPassword {
  User user;
  bool has_credential = false;
  std::optional<std::string> password;
};
std::optional<UserWithPassword> find_user_with_password(db::Connection& conn,
                                                        const std::string& email);

// Throws db::DbError(unique_violation) when the e-mail is taken.
void insert_user(db::Connection& conn, const User& user);

// Sets name and/or image (nullopt leaves a field alone; an image of nullopt-inside clears it)
// and updatedAt; returns the row as stored, or nullopt when the user is gone.
std::optional<User> update_user_fields(db::Connection& conn, const std::string& id,
                                       const std::optional<std::string>& name,
                                       const std::optional<std::optional<std::string>>& image,
                                       TimePoint updated_at);

// updateUserByEmail(email, {emailVerified: true}): the row as stored, nullopt when no user
// has that (lower-cased) address.
std::optional<User> mark_email_verified(db::Connection& conn, const std::string& email,
                                        TimePoint updated_at);

// The change-email step: the new (lower-cased) address and the verified flag it comes with.
// Throws db::DbError(unique_violation) when another user took the address meanwhile.
std::optional<User> update_user_email(db::Connection& conn, const std::string& id,
                                      const std::string& email, bool email_verified,
                                      TimePoint updated_at);

}  // namespace atrium::auth
