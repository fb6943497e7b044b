#pragma once
// Identity answered by the Better Auth–compatible auth service: the session cookie
// (better-auth.session_token, signed) or an Authorization: Bearer token, read-only — the
// learner API never refreshes sessions or sets auth cookies.

#include "auth/auth_service.hpp"
#include "learn/identity.hpp"

namespace atrium::learn {

class AuthIdentity final : public Identity {
 public:
  explicit AuthIdentity(auth::AuthService& auth) : auth_(auth) {}
  std::optional<UserRef> current_user(const http::Request& request) override;

 private:
  auth::AuthService& auth_;
};

}  // namespace atrium::learn
