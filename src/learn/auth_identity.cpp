#include "learn/auth_identity.hpp"

namespace atrium::learn {

std::optional<UserRef> AuthIdentity::current_user(const http::Request& request) {
  auto session = auth_.current_session(request);
  if (!session) return std::nullopt;
  return UserRef{session->user.id, session->user.email, session->user.name};
}

}  // namespace atrium::learn
