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
  const auto set_switch = [&env](const char* name, bool& field) {
    if (auto value = env(name)) field = parse_switch(name, *value);
  };
  const auto set_seconds = [&env](const char* name, std::chrono::seconds& field) {
    if (auto value = env(name)) field = parse_seconds(name, *value);
  };
  set_switch("ATRIUM_REQUIRE_EMAIL_VERIFICATION", options.require_email_verification);
  if (auto value = env("ATRIUM_SEND_VERIFICATION_ON_SIGN_UP")) {
    options.send_verification_on_sign_up =
        parse_switch("ATRIUM_SEND_VERIFICATION_ON_SIGN_UP", *value);
  }
  set_switch("ATRIUM_SEND_VERIFICATION_ON_SIGN_IN", options.send_verification_on_sign_in);
  set_switch("ATRIUM_AUTO_SIGN_IN_AFTER_VERIFICATION", options.auto_sign_in_after_verification);
  set_seconds("ATRIUM_VERIFICATION_TOKEN_TTL", options.verification_token_expires_in);
  set_seconds("ATRIUM_RESET_PASSWORD_TOKEN_TTL", options.reset_password_token_expires_in);
  set_switch("ATRIUM_REVOKE_SESSIONS_ON_PASSWORD_RESET", options.revoke_sessions_on_password_reset);
  set_switch("ATRIUM_CHANGE_EMAIL", options.change_email_enabled);
  set_switch("ATRIUM_UPDATE_EMAIL_WITHOUT_VERIFICATION", options.update_email_without_verification);
  set_switch("ATRIUM_CHANGE_EMAIL_CONFIRMATION", options.send_change_email_confirmation);
  set_switch("ATRIUM_DELETE_USER", options.delete_user_enabled);
  set_switch("ATRIUM_DELETE_USER_VERIFICATION", options.delete_user_verification);
  set_seconds("ATRIUM_DELETE_USER_TOKEN_TTL", options.delete_token_expires_in);
  set_switch("ATRIUM_ALLOW_UNLINKING_ALL", options.allow_unlinking_all);
  return options;
}

}  // namespace atrium::auth
