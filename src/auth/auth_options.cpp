#include "auth/auth_options.hpp"

namespace atrium::auth {
namespace {

// RFC 6265 cookie-name characters (an HTTP token) minus '.', which Better Auth uses to join
// the prefix and the cookie's own name.
bool valid_prefix(const std::string& prefix) {
  if (prefix.empty() || prefix.size() > 64) return false;
  for (unsigned char c : prefix) {
    const bool alnum = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (!alnum &&
        std::string_view("!#$%&'*+-^_`|~").find(static_cast<char>(c)) == std::string_view::npos) {
      return false;
    }
  }
  return true;
}

}  // namespace

AuthOptions load_auth_options(const EnvLookup& env) {
  AuthOptions options;
  if (auto prefix = env("ATRIUM_COOKIE_PREFIX")) {
    if (!valid_prefix(*prefix)) {
      throw ConfigError(
          "ATRIUM_COOKIE_PREFIX must be letters, digits or !#$%&'*+-^_`|~ (up to "
          "64), not '" +
          *prefix + "'");
    }
    options.cookie_prefix = *prefix;
  }
  return options;
}

}  // namespace atrium::auth
