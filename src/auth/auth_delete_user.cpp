// Better Auth's account deletion (api/routes/update-user.mjs deleteUser, deleteUserCallback):
// by password, by a fresh session, or by a "delete-account-<token>" e-mailed to the user when
// sendDeleteAccountVerification is on. The user row goes with everything that refers to it,
// in one transaction (user_deletion_store.hpp), and the session cookies are expired.

#include <boost/json/object.hpp>

#include "auth/account_links.hpp"
#include "auth/account_store.hpp"
#include "auth/auth_service.hpp"
#include "auth/body_schema.hpp"
#include "auth/unicode.hpp"
#include "auth/user_deletion_store.hpp"
#include "auth/verification_store.hpp"
#include "core/error.hpp"
#include "db/error.hpp"
#include "db/transaction.hpp"
#include "http/cookie.hpp"

namespace atrium::auth {
namespace {

constexpr const char* kDeletePrefix = "delete-account-";
constexpr std::string_view kTokenAlphabet = "0123456789abcdefghijklmnopqrstuvwxyz";
constexpr const char* kUserDeleted = R"({"success":true,"message":"User deleted"})";

std::optional<std::string> optional_string(const boost::json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  if (v == nullptr || !v->is_string()) return std::nullopt;
  return std::string(v->as_string());
}

}  // namespace

void AuthService::delete_user_by_token(Exchange& ex, const User& user, const std::string& token) {
  const auto invalid = [] { return Error(ErrorKind::not_found, "INVALID_TOKEN", "Invalid token"); };
  if (!is_storable_text(token)) throw invalid();
  {
    auto lease = database_.acquire();
    db::Transaction tx(*lease);
    const auto consumed = consume_verification(*lease, kDeletePrefix + token, now());
    if (!consumed || consumed->value != user.id) {
      // Better Auth has spent the token either way.
      tx.commit();
      throw invalid();
    }
    delete_user_with_dependents(*lease, user.id);
    tx.commit();
  }
  cookies_.delete_session_cookies(ex.cookies, ex.request_cookies());
}

void AuthService::delete_current_user(Exchange& ex, const User& user) {
  {
    auto lease = database_.acquire();
    delete_user_with_dependents(*lease, user.id);
  }
  cookies_.delete_session_cookies(ex.cookies, ex.request_cookies());
}

http::Response AuthService::delete_user(Exchange& ex) {
  static constexpr FieldRule kRules[] = {
      {"callbackURL", FieldType::string, true},
      {"password", FieldType::string, true},
      {"token", FieldType::string, true},
  };
  validate_body(ex.body, BodyShape::object, kRules);
  const auto s = require_session(ex);
  if (!options_.delete_user_enabled) {
    // APIError.fromStatus("NOT_FOUND"): no message, an empty JSON response.
    return http::Response::json_text(404, "");
  }
  const auto& body = ex.body->as_object();
  const auto password = optional_string(body, "password");
  const auto token = optional_string(body, "token");
  const auto callback = optional_string(body, "callbackURL");
  const bool has_password = password && !password->empty();

  if (has_password) {
    check_password_length(*password, false);
    std::optional<Account> account;
    {
      auto lease = database_.acquire();
      account = find_credential_account(*lease, s.user.id);
    }
    if (!account || !account->password || account->password->empty()) {
      throw Error(ErrorKind::bad_request, "CREDENTIAL_ACCOUNT_NOT_FOUND",
                  "Credential account not found");
    }
    if (!hashing_->verify(*password, *account->password)) {
      throw Error(ErrorKind::bad_request, "INVALID_PASSWORD", "Invalid password");
    }
  }
  if (token && !token->empty()) {
    delete_user_by_token(ex, s.user, *token);
    return http::Response::json_text(200, kUserDeleted);
  }
  if (options_.delete_user_verification) {
    const std::string secret = random_string(random_, 32, kTokenAlphabet);
    const TimePoint t = now();
    {
      auto lease = database_.acquire();
      insert_verification(*lease,
                          Verification{generate_id(random_), kDeletePrefix + secret, s.user.id,
                                       t + options_.delete_token_expires_in, t, t});
    }
    const std::string target = callback && !callback->empty() ? *callback : "/";
    mailer().send(mail::MailRequest{
        mail::MailKind::delete_account,
        s.user.email,
        s.user.name,
        api_base_url(config_, options_.base_path, ex.request) + "/delete-user/callback?token=" +
            secret + "&callbackURL=" + http::encode_uri_component(target),
        secret,
    });
    return http::Response::json_text(200,
                                     R"({"success":true,"message":"Verification email sent"})");
  }
  const auto fresh_age = options_.session_fresh_age;
  if (!has_password && fresh_age.count() != 0 && now() - s.session.created_at >= fresh_age) {
    throw Error(ErrorKind::bad_request, "SESSION_EXPIRED",
                "Session expired. Re-authenticate to perform this action.");
  }
  delete_current_user(ex, s.user);
  return http::Response::json_text(200, kUserDeleted);
}

http::Response AuthService::delete_user_callback(Exchange& ex) {
  const auto token = ex.request.query_param("token");
  if (!token) {
    throw Error(ErrorKind::bad_request, "VALIDATION_ERROR",
                "[query.token] Invalid input: expected string, received undefined");
  }
  const auto callback = ex.request.query_param("callbackURL");
  if (callback && !callback->empty() && !csrf_.is_trusted_callback(ex.request, *callback)) {
    throw Error(ErrorKind::forbidden, "INVALID_CALLBACK_URL", "Invalid callbackURL");
  }
  if (!options_.delete_user_enabled) {
    throw Error(ErrorKind::not_found, "NOT_FOUND", "Not found");
  }
  // getSessionFromCtx: no session, or one that cannot be read, is the same 404.
  std::optional<SessionWithUser> s;
  const auto saved = ex.cookies;
  try {
    s = resolve_session(ex, false);
  } catch (const db::DbError&) {
    throw;
  } catch (const Error&) {
    ex.cookies = saved;
    s.reset();
  }
  if (!s) throw Error(ErrorKind::not_found, "FAILED_TO_GET_USER_INFO", "Failed to get user info");
  delete_user_by_token(ex, s->user, *token);
  if (callback && !callback->empty()) {
    auto r = http::Response::json_text(302, "");
    r.header("Location", *callback);
    return r;
  }
  return http::Response::json_text(200, kUserDeleted);
}

}  // namespace atrium::auth
