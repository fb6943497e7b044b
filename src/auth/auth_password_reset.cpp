// Better Auth's password reset (api/routes/password.mjs): request-password-reset stores a
// one-hour "reset-password:<token>" verification row and e-mails the link, the link's GET
// redirects to the app with the token, and reset-password spends the token and sets the
// password.

#include <boost/json/object.hpp>

#include "auth/account_links.hpp"
#include "auth/account_store.hpp"
#include "auth/auth_service.hpp"
#include "auth/body_schema.hpp"
#include "auth/email_address.hpp"
#include "auth/session_store.hpp"
#include "auth/unicode.hpp"
#include "auth/user_store.hpp"
#include "auth/verification_store.hpp"
#include "core/error.hpp"
#include "db/transaction.hpp"
#include "http/cookie.hpp"

namespace atrium::auth {
namespace {

constexpr const char* kResetPrefix = "reset-password:";
constexpr const char* kRequestedMessage =
    R"({"status":true,"message":"If this email exists in our system, check your email for the reset link"})";

Error invalid_token() {
  return Error(ErrorKind::bad_request, "INVALID_TOKEN", "Invalid token");
}

std::optional<std::string> optional_string(const boost::json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  if (v == nullptr || !v->is_string()) return std::nullopt;
  return std::string(v->as_string());
}

http::Response redirect(const std::string& location) {
  auto r = http::Response::json_text(302, "");
  r.header("Location", location);
  return r;
}

}  // namespace

http::Response AuthService::request_password_reset(Exchange& ex) {
  static constexpr FieldRule kRules[] = {
      {"email", FieldType::string, false, true},
      {"redirectTo", FieldType::string, true},
  };
  validate_body(ex.body, BodyShape::object, kRules);
  const auto& body = ex.body->as_object();
  const std::string email = lower_email(std::string(body.at("email").as_string()));
  const auto redirect_to = optional_string(body, "redirectTo");

  std::optional<User> user;
  {
    auto lease = database_.acquire();
    if (is_storable_text(email)) user = find_user_by_email(*lease, email);
    if (!user) {
      // The lookup an existing user's request makes, so the answer takes as long either way.
      find_verification(*lease, std::string(kResetPrefix) + "dummy-verification-token", now());
    }
  }
  if (!user) return http::Response::json_text(200, kRequestedMessage);

  const TimePoint t = now();
  const std::string token = generate_id(random_, 24);
  {
    auto lease = database_.acquire();
    insert_verification(*lease, Verification{generate_id(random_), kResetPrefix + token, user->id,
                                             t + options_.reset_password_token_expires_in, t, t});
  }
  const std::string callback =
      redirect_to && !redirect_to->empty() ? http::encode_uri_component(*redirect_to) : "";
  mailer().send(mail::MailRequest{
      mail::MailKind::reset_password,
      user->email,
      user->name,
      api_base_url(config_, options_.base_path, ex.request) + "/reset-password/" + token +
          "?callbackURL=" + callback,
      token,
  });
  return http::Response::json_text(200, kRequestedMessage);
}

http::Response AuthService::reset_password_callback(Exchange& ex) {
  const auto callback = ex.request.query_param("callbackURL");
  if (!callback) {
    throw Error(ErrorKind::bad_request, "VALIDATION_ERROR",
                "[query.callbackURL] Invalid input: expected string, received undefined");
  }
  if (!callback->empty() && !csrf_.is_trusted_callback(ex.request, *callback)) {
    throw Error(ErrorKind::forbidden, "INVALID_CALLBACK_URL", "Invalid callbackURL");
  }
  const std::string base = api_base_url(config_, options_.base_path, ex.request);
  const auto invalid = [&] {
    std::optional<std::string> location;
    if (!callback->empty())
      location = url_with_query_param(base, *callback, "error", "INVALID_TOKEN");
    return redirect(location.value_or(base + "/error?error=INVALID_TOKEN"));
  };
  const std::string& token = ex.request.path_param("token");
  if (token.empty() || callback->empty() || !is_storable_text(token)) return invalid();
  std::optional<Verification> found;
  {
    auto lease = database_.acquire();
    found = find_verification(*lease, kResetPrefix + token, now());
  }
  if (!found) return invalid();
  // Not consumed here: the form the link opens still has to post the new password with it.
  const auto location = url_with_query_param(base, *callback, "token", token);
  if (!location) return invalid();
  return redirect(*location);
}

http::Response AuthService::reset_password(Exchange& ex) {
  static constexpr FieldRule kRules[] = {
      {"newPassword"},
      {"token", FieldType::string, true},
  };
  validate_body(ex.body, BodyShape::object, kRules);
  const auto& body = ex.body->as_object();
  std::string token = optional_string(body, "token").value_or("");
  if (token.empty()) token = ex.request.query_param("token").value_or("");
  if (token.empty()) throw invalid_token();
  const std::string new_password(body.at("newPassword").as_string());
  check_password_length(new_password, true);
  if (!is_storable_text(token)) throw invalid_token();
  const std::string identifier = kResetPrefix + token;

  std::optional<Verification> found;
  std::optional<User> user;
  {
    auto lease = database_.acquire();
    found = find_verification(*lease, identifier, now());
    if (found) user = find_user_by_id(*lease, found->value);
  }
  if (!found) throw invalid_token();
  if (!user) throw Error(ErrorKind::bad_request, "USER_NOT_FOUND", "User not found");
  // Hashed before the transaction opens: 32 MiB and ~80 ms of CPU must not hold a write lock.
  const std::string hash = hashing_->hash(new_password);

  const TimePoint t = now();
  {
    auto lease = database_.acquire();
    db::Transaction tx(*lease);
    // Spent first, in the same transaction as the password: of two concurrent resets with one
    // token only one gets here, and a failure below leaves the token usable.
    const auto consumed = consume_verification(*lease, identifier, t);
    if (!consumed || consumed->value != user->id) throw invalid_token();
    if (options_.revoke_sessions_on_password_reset) delete_user_sessions(*lease, user->id);
    if (const auto account = find_credential_account(*lease, user->id)) {
      update_account_password(*lease, account->id, hash, t);
    } else {
      insert_account(*lease, Account{generate_id(random_), user->id, kCredentialProvider, user->id,
                                     hash, t, t});
    }
    tx.commit();
  }
  return http::Response::json_text(200, R"({"status":true})");
}

}  // namespace atrium::auth
