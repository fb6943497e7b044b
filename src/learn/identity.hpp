#pragma once
// "Who is signed in?" — the one question the learner API asks of authentication. app/routes.cpp
// answers it with the auth service (the Better Auth session cookie or bearer token); learn/
// itself knows nothing of cookies, tokens or the session table.

#include <optional>
#include <string>

#include "http/request.hpp"

namespace atrium::learn {

struct UserRef {
  std::string id;     // user.id
  std::string email;  // lower-cased, as Better Auth stores it
  std::string name;
};

class Identity {
 public:
  virtual ~Identity() = default;
  // The signed-in user, or nullopt for a visitor (no, expired or invalid session). May read the
  // database; runs on a worker thread.
  virtual std::optional<UserRef> current_user(const http::Request& request) = 0;
};

}  // namespace atrium::learn
