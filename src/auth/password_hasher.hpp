#pragma once
// What the endpoints need from password hashing. An interface so tests can count calls (an
// unknown e-mail must cost a hash just like a wrong password) and lower the cost.

#include <string>
#include <string_view>

namespace atrium::auth {

class PasswordHasher {
 public:
  virtual ~PasswordHasher() = default;
  // Returns the stored form, "<salt>:<key>".
  virtual std::string hash(std::string_view password) = 0;
  // Throws atrium::Error(internal) when `stored` is not a hash at all (Better Auth's
  // "Invalid password hash", a 500).
  virtual bool verify(std::string_view password, std::string_view stored) = 0;
};

}  // namespace atrium::auth
