#pragma once
// Rows of Better Auth's core tables as atrium holds them in memory. Times are kept at the
// millisecond precision the tables store, so what a handler returns equals what a later read
// returns.

#include <optional>
#include <string>

#include "core/clock.hpp"

namespace atrium::auth {

struct User {
  std::string id;
  std::string name;
  std::string email;  // lower-cased
  bool email_verified = false;
  std::optional<std::string> image;
  TimePoint created_at;
  TimePoint updated_at;
};

struct Session {
  std::string id;
  std::string token;  // 32 characters of a-zA-Z0-9; what the cookie signs
  std::string user_id;
  TimePoint expires_at;
  TimePoint created_at;
  TimePoint updated_at;
  std::optional<std::string> ip_address;  // "" when unknown, as Better Auth writes
  std::optional<std::string> user_agent;
};

struct SessionWithUser {
  Session session;
  User user;
};

// The credential account ("credential" provider, accountId == userId) holds the password.
struct Account {
  std::string id;
  std::string account_id;
  std::string provider_id;
  std::string user_id;
  std::optional<std::string> password;
  TimePoint created_at;
  TimePoint updated_at;
};

inline constexpr const char* kCredentialProvider = "credential";

struct Verification {
  std::string id;
  std::string identifier;
  std::string value;
  TimePoint expires_at;
  TimePoint created_at;
  TimePoint updated_at;
};

}  // namespace atrium::auth
